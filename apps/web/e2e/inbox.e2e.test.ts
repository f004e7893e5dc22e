import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { e2eSuite, screenshot, signUpThroughUi, uniqueEmail } from './harness.ts';

/** Calls the API from inside the page with the page's own session (what the SDK stored). */
async function api<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const session = JSON.parse(localStorage.getItem('renum.session') ?? '{}') as { accessToken?: string };
      const response = await fetch(path, {
        method,
        headers: {
          authorization: `Bearer ${session.accessToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return response.json();
    },
    { method, path, body },
  ) as Promise<T>;
}

async function send(page: Page, text: string) {
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

describe('web builder: the live inbox and takeover', () => {
  const suite = e2eSuite({ RENUM_OFFLINE_CHUNK_DELAY_MS: '20' });

  it('shows the end user’s chat live to the operator, who takes it over and replies; the end user sees the reply', async () => {
    const operator = await suite.openPage();
    const endUser = await suite.openPage();
    try {
      await signUpThroughUi(operator.page, {
        name: 'Ana Souza',
        company: 'Loja da Ana',
        email: uniqueEmail('inbox'),
        password: 'correct horse battery',
      });
      const agent = await api<{ id: string }>(operator.page, 'POST', '/v1/agents', {
        name: 'Atendimento',
        system_prompt: 'Você atende clientes da loja.',
      });
      const conversation = await api<{ id: string }>(
        operator.page,
        'POST',
        `/v1/agents/${agent.id}/conversations`,
        { title: 'Cliente do site' },
      );
      // The end user's page: the web chat (the playground), in its own browser context.
      const session = await operator.page.evaluate(() => localStorage.getItem('renum.session'));
      await endUser.page.goto('/login');
      await endUser.page.evaluate((value) => localStorage.setItem('renum.session', value ?? ''), session);
      await endUser.page.goto(`/playground?agent=${agent.id}&conversation=${conversation.id}`);
      await endUser.page.getByRole('heading', { name: 'Playground' }).waitFor();
      await endUser.page.getByLabel('Message').waitFor();

      await operator.page.goto(`/inbox?conversation=${conversation.id}`);
      await operator.page.getByRole('heading', { name: 'Inbox' }).waitFor();
      await operator.page.getByText('The agent answers').waitFor();

      // 1. Live: the operator sees the end user's message and the agent's answer as they happen.
      await send(endUser.page, 'Preciso de ajuda com meu pedido');
      await operator.page.getByText('Preciso de ajuda com meu pedido').waitFor();
      await operator.page.locator('[data-testid="answer"][data-state="completed"]').first().waitFor();
      await endUser.page.locator('[data-testid="answer"][data-state="completed"]').first().waitFor();

      // 2. Takeover: the agent stops answering; what the end user writes is shown, not answered.
      await operator.page.getByRole('button', { name: 'Take over' }).click();
      await operator.page.getByText('Taken over by Ana Souza').waitFor();
      await operator.page.getByText('Ana Souza took the conversation over').waitFor();
      await endUser.page.getByText('Ana Souza took the conversation over').waitFor();
      await send(endUser.page, 'Tem alguém aí?');
      await operator.page.getByText('Tem alguém aí?').waitFor();

      // 3. The operator replies as herself; the end user's chat shows it, naming her.
      await operator.page.getByLabel('Reply', { exact: true }).fill('Oi! Sou a Ana, vou te ajudar.');
      await operator.page.getByRole('button', { name: 'Reply' }).click();
      await endUser.page.getByText('Oi! Sou a Ana, vou te ajudar.').waitFor();
      await endUser.page.getByText('Ana Souza (person)').waitFor();
      expect(await endUser.page.getByTestId('answer').count()).toBe(2); // the agent's first, Ana's reply
      await screenshot(operator.page, 'inbox', 'desktop');

      // 4. Hand back: the agent answers the next message again.
      await operator.page.getByRole('button', { name: 'Hand back to the agent' }).click();
      await operator.page.getByText('The agent answers').waitFor();
      await send(endUser.page, 'Obrigado!');
      await endUser.page.locator('[data-testid="answer"][data-state="completed"]').nth(2).waitFor();
      const stored = await api<{ data: Array<{ role: string; author_name: string | null }> }>(
        operator.page,
        'GET',
        `/v1/conversations/${conversation.id}/messages`,
      );
      expect(stored.data.map((message) => message.role)).toEqual([
        'user',
        'assistant',
        'system',
        'user',
        'assistant',
        'system',
        'user',
        'assistant',
      ]);
      expect(stored.data[4]!.author_name).toBe('Ana Souza');

      const phone = await suite.openPage({ viewport: 'phone' });
      try {
        await phone.page.goto('/login');
        await phone.page.evaluate((value) => localStorage.setItem('renum.session', value ?? ''), session);
        await phone.page.goto(`/inbox?conversation=${conversation.id}`);
        await phone.page.getByText('Oi! Sou a Ana, vou te ajudar.').waitFor();
        await screenshot(phone.page, 'inbox', 'phone');
      } finally {
        await phone.context.close();
      }
    } finally {
      await Promise.all([operator.context.close(), endUser.context.close()]);
    }
  }, 90_000);
});
