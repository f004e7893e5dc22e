import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { choose } from './choose.ts';
import { api, e2eSuite, logInThroughUi, screenshot, signUpThroughUi, uniqueEmail } from './harness.ts';

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

  /** Calls the API from the test, as another person's script would. */
  async function call<T>(path: string, body?: unknown, token?: string): Promise<T> {
    const response = await fetch(`${suite.server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  it('two people of the demo client: each sees the other online (and away), one chats, the other watches, takes over and replies; a network cut loses nothing', async () => {
    const owner = suite.server.demo;
    const ownerToken = (await call<{ access_token: string }>('/v1/auth/login', owner)).access_token;
    const memberLogin = { email: uniqueEmail('bia'), password: 'correct horse battery' };
    const invitation = await call<{ token: string }>(
      '/v1/invitations',
      { email: memberLogin.email, role: 'member' },
      ownerToken,
    );
    await call('/v1/auth/signup', { ...memberLogin, name: 'Bia Lima', invitation_token: invitation.token });

    const operator = await suite.openPage();
    const chatter = await suite.openPage();
    try {
      await Promise.all([logInThroughUi(operator.page, owner), logInThroughUi(chatter.page, memberLogin)]);
      // Presence: both on the inbox see each other online.
      await Promise.all([operator.page.goto('/inbox'), chatter.page.goto('/inbox')]);
      const presenceOf = (page: Page, name: string) =>
        page.getByTestId('presence').getByRole('listitem').filter({ hasText: name });
      await presenceOf(operator.page, 'Bia Lima').waitFor();
      await presenceOf(chatter.page, 'Demo Owner').waitFor();
      // Bia's tab goes to the background: Ana's bar shows her away, then online again.
      const setVisibility = (state: 'hidden' | 'visible') =>
        chatter.page.evaluate((value) => {
          Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => value });
          document.dispatchEvent(new Event('visibilitychange'));
        }, state);
      await setVisibility('hidden');
      await presenceOf(operator.page, 'Bia Lima')
        .and(operator.page.locator('[data-status="away"]'))
        .waitFor();
      await setVisibility('visible');
      await presenceOf(operator.page, 'Bia Lima')
        .and(operator.page.locator('[data-status="online"]'))
        .waitFor();

      // Bia chats with the demo agent in the playground; the conversation shows up unread in Ana's inbox.
      await chatter.page.getByRole('link', { name: 'Playground' }).first().click();
      // The page left behind may have its own "Agent" select: wait for the playground to be shown.
      await chatter.page.getByTestId('playground-chat').waitFor();
      await choose(chatter.page.getByLabel('Agent'), 'Atendimento Renum');
      await chatter.page.getByRole('button', { name: 'New conversation' }).click();
      await chatter.page.waitForURL(/conversation=/);
      const conversationId = new URL(chatter.page.url()).searchParams.get('conversation')!;
      await send(chatter.page, 'Oi, quero trocar um produto');
      await chatter.page.locator('[data-testid="answer"][data-state="completed"]').first().waitFor();
      const row = operator.page
        .locator(`[aria-label="Conversations"] li`)
        .filter({ hasText: /New messages/ });
      await row.first().waitFor();
      await screenshot(operator.page, 'inbox-two-people-unread', 'desktop');

      // Ana opens it: the unread count goes (stored read receipts), the messages are there live.
      await operator.page.goto(`/inbox?conversation=${conversationId}`);
      await operator.page
        .getByTestId('user-message')
        .filter({ hasText: 'Oi, quero trocar um produto' })
        .waitFor();
      await expect
        .poll(async () => {
          const list = await api<{ data: Array<{ id: string; unread_count?: number }> }>(
            operator.page,
            'GET',
            '/v1/conversations',
          );
          return list.data.find((conversation) => conversation.id === conversationId)?.unread_count;
        })
        .toBe(0);

      // Ana takes over; Bia sees it live, writes, and Ana's reply reaches her.
      await operator.page.getByRole('button', { name: 'Take over' }).click();
      await chatter.page.getByText('Demo Owner took the conversation over').waitFor();
      await send(chatter.page, 'Obrigada, pode me ajudar?');
      await operator.page
        .getByTestId('user-message')
        .filter({ hasText: 'Obrigada, pode me ajudar?' })
        .waitFor();
      await operator.page.getByLabel('Reply', { exact: true }).fill('Claro, Bia! Qual o número do pedido?');
      await operator.page.getByRole('button', { name: 'Reply' }).click();
      await chatter.page.getByText('Claro, Bia! Qual o número do pedido?', { exact: true }).waitFor();

      // Bia's network drops for a few seconds; what Ana writes meanwhile arrives once when it is back.
      await chatter.context.setOffline(true);
      await chatter.page.evaluate(() => window.dispatchEvent(new Event('offline')));
      await operator.page.getByLabel('Reply', { exact: true }).fill('Enquanto isso: já abri a troca.');
      await operator.page.getByRole('button', { name: 'Reply' }).click();
      await operator.page.getByText('Enquanto isso: já abri a troca.', { exact: true }).waitFor();
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await chatter.context.setOffline(false);
      await chatter.page
        .getByText('Enquanto isso: já abri a troca.', { exact: true })
        .waitFor({ timeout: 30_000 });
      expect(await chatter.page.getByText('Enquanto isso: já abri a troca.', { exact: true }).count()).toBe(
        1,
      );
      expect(
        await chatter.page.getByText('Claro, Bia! Qual o número do pedido?', { exact: true }).count(),
      ).toBe(1);
      expect(
        await chatter.page
          .getByTestId('user-message')
          .filter({ hasText: 'Oi, quero trocar um produto' })
          .count(),
      ).toBe(1);
      await screenshot(chatter.page, 'inbox-two-people-chatter', 'desktop');
      await screenshot(operator.page, 'inbox-two-people-operator', 'desktop');
    } finally {
      await Promise.all([operator.context.close(), chatter.context.close()]);
    }
  }, 120_000);
});
