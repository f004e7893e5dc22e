import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { api, e2eSuite, screenshot, signUpThroughUi, uniqueEmail, type ViewportName } from './harness.ts';

const answer = (page: Page, index: number) => page.getByTestId('answer').nth(index);

async function send(page: Page, text: string) {
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

/** The message box is on screen without scrolling the page, below the newest answer. */
async function expectComposerInView(page: Page) {
  const viewport = page.viewportSize()!;
  const composer = await page.getByLabel('Message').boundingBox();
  expect(composer!.y).toBeGreaterThan(0);
  expect(composer!.y + composer!.height).toBeLessThanOrEqual(viewport.height);
}

describe('web builder: playground chat, reload mid-answer, stop, runs timeline', () => {
  // A slow offline model (a chunk every 250 ms), so there is time to reload and stop mid-answer.
  const suite = e2eSuite({ RENUM_OFFLINE_CHUNK_DELAY_MS: '250' });

  it('chats with routing to a sub-agent, survives a reload mid-answer, stops a run and shows its timeline', async () => {
    const { context, page } = await suite.openPage();
    try {
      await signUpThroughUi(page, {
        name: 'Bia Lima',
        company: 'Loja da Bia',
        email: uniqueEmail('chat'),
        password: 'correct horse battery',
      });
      // The agent and its sub-agent are created through the agent pages.
      await page.getByRole('link', { name: 'Agents' }).first().click();
      await page.getByRole('link', { name: 'New agent' }).click();
      await page.getByRole('heading', { name: 'New agent' }).waitFor();
      await page.getByLabel(/^Name/).fill('Atendimento');
      await page.getByLabel('System prompt').fill('Você atende clientes da loja.');
      await page.getByRole('button', { name: 'Create agent' }).click();
      await page.getByRole('link', { name: 'Chat in playground' }).waitFor();
      const agent = { id: new URL(page.url()).pathname.split('/').at(-1)! };
      await page.getByRole('button', { name: 'Add sub-agent' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(/^Name/).fill('Cobrança');
      for (const topic of ['fatura', 'pagamento']) {
        await dialog.getByLabel('Topics').fill(topic);
        await dialog.getByLabel('Topics').press('Enter');
      }
      await dialog.getByLabel('System prompt').fill('Você cuida de faturas e pagamentos.');
      await dialog.getByRole('button', { name: 'Add sub-agent' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText('pagamento', { exact: true }).waitFor();

      // The agent is still a draft: the playground chats with drafts too.
      await page.getByRole('link', { name: 'Chat in playground' }).click();
      await page.getByRole('heading', { name: 'Playground' }).waitFor();
      await page.getByRole('button', { name: 'New conversation' }).click();
      await page.waitForURL(/conversation=/);

      // 1. Routing and the streamed answer.
      await send(page, 'Quero pagar minha fatura');
      await answer(page, 0).getByTestId('agent-switch').waitFor();
      expect(await answer(page, 0).getByTestId('agent-switch').textContent()).toContain('Cobrança took over');
      // Text arrives while the run still streams (token by token), then the answer completes.
      await answer(page, 0).getByTestId('answer-text').waitFor();
      expect(await answer(page, 0).getAttribute('data-state')).toBe('running');
      await page
        .locator('[data-testid="answer"][data-state="completed"]')
        .first()
        .waitFor({ timeout: 30_000 });
      const firstText = (await answer(page, 0).getByTestId('answer-text').textContent()) ?? '';
      expect(firstText.length).toBeGreaterThan(10);

      // 2. Reload mid-answer: the reopened conversation follows the running run and completes once.
      await send(page, 'E qual é o prazo do pagamento da fatura?');
      await answer(page, 1).getByTestId('answer-text').waitFor();
      expect(await answer(page, 1).getAttribute('data-state')).toBe('running');
      await page.reload();
      // The user's message, not the offline model's answer, which quotes it once it has streamed that far.
      await page
        .getByTestId('user-message')
        .filter({ hasText: 'E qual é o prazo do pagamento da fatura?' })
        .waitFor();
      await page
        .locator('[data-testid="answer"][data-state="completed"]')
        .nth(1)
        .waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('answer').count()).toBe(2);
      // The stored answer still says who took over.
      expect(await answer(page, 0).getByTestId('agent-switch').textContent()).toContain('Cobrança took over');
      const conversationId = new URL(page.url()).searchParams.get('conversation')!;
      const stored = await api<{ data: Array<{ role: string; text: string }> }>(
        page,
        'GET',
        `/v1/conversations/${conversationId}/messages`,
      );
      const storedAnswer = stored.data.filter((message) => message.role === 'assistant').at(-1)!.text;
      const shown = await answer(page, 1).getByTestId('answer-text').allTextContents();
      expect(shown.join('')).toBe(storedAnswer);
      await screenshot(page, 'playground', 'desktop');
      expect(await axeViolations(page)).toEqual([]);

      // 3. Stop a run mid-answer.
      await send(page, 'Me explique em detalhes como funciona o pagamento da fatura atrasada');
      await answer(page, 2).getByTestId('answer-text').waitFor();
      await page.getByRole('button', { name: 'Stop' }).click();
      await page.locator('[data-testid="answer"][data-state="stopped"]').waitFor({ timeout: 10_000 });
      expect(await answer(page, 2).getByTestId('answer-stopped').textContent()).toBe('Stopped');
      await page.getByRole('button', { name: 'Send' }).waitFor();
      // The composer stays pinned at the bottom of the screen as the chat grows: only the entries scroll.
      await expectComposerInView(page);

      // 4. Runs: the stopped run is the newest; its timeline ends with the stopped status.
      await page.getByRole('link', { name: 'Runs' }).first().click();
      await page.getByRole('heading', { name: 'Runs' }).waitFor();
      await page.getByRole('table').waitFor();
      const rows = page.getByRole('row');
      expect(await rows.count()).toBe(4); // header + three runs
      expect(await rows.nth(1).textContent()).toContain('stopped');
      expect(await rows.nth(2).textContent()).toContain('completed');
      await screenshot(page, 'runs', 'desktop');
      expect(await axeViolations(page)).toEqual([]);
      await rows.nth(1).getByTestId('run-link').click();
      await page.getByRole('heading', { name: 'Run' }).waitFor();
      await page.getByTestId('timeline').getByText('Stopped', { exact: true }).waitFor();
      expect(await page.getByTestId('timeline').getByText('Routing', { exact: true }).count()).toBe(1);
      await screenshot(page, 'run-detail', 'desktop');

      // The first run's timeline replays to its terminal event.
      await page.getByRole('link', { name: 'All runs' }).click();
      await page.getByRole('row').nth(3).getByTestId('run-link').click();
      await page.getByTestId('timeline').getByText('Completed', { exact: true }).waitFor();

      // Phone widths: the same pages, stacked.
      const phone = await suite.openPage({ viewport: 'phone' });
      try {
        const session = await page.evaluate(() => localStorage.getItem('renum.session'));
        await phone.page.goto('/login');
        await phone.page.evaluate((value) => localStorage.setItem('renum.session', value ?? ''), session);
        for (const [name, path] of [
          ['playground', `/playground?agent=${agent.id}&conversation=${conversationId}`],
          ['runs', '/runs'],
        ] as const) {
          await phone.page.goto(path);
          await phone.page.getByRole('heading', { name: name === 'runs' ? 'Runs' : 'Playground' }).waitFor();
          if (name === 'runs') await phone.page.getByRole('table').waitFor();
          else {
            await phone.page.getByTestId('answer').nth(2).waitFor();
            // Reopened, the stopped answer still says so and the routed one keeps its topic chip.
            await phone.page.getByTestId('answer').nth(2).getByTestId('answer-stopped').waitFor();
            await phone.page.getByTestId('answer').nth(0).getByText('fatura', { exact: true }).waitFor();
            // On a phone the chat comes first, the conversation list after it.
            const chatBox = await phone.page.getByTestId('chat-panel').boundingBox();
            const listBox = await phone.page
              .getByRole('complementary', { name: 'Conversations' })
              .boundingBox();
            expect(chatBox!.y).toBeLessThan(listBox!.y);
            await expectComposerInView(phone.page);
          }
          await screenshot(phone.page, name, 'phone' satisfies ViewportName);
        }
      } finally {
        await phone.context.close();
      }
    } finally {
      await context.close();
    }
  }, 120_000);

  it('axe finds no serious or critical violations on the login and dashboard pages', async () => {
    const { context, page } = await suite.openPage();
    try {
      await page.goto('/login');
      await page.getByRole('heading', { name: 'Log in to Renum' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await signUpThroughUi(page, {
        name: 'Caio',
        company: 'Caio Ltda',
        email: uniqueEmail('axe'),
        password: 'correct horse battery',
      });
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      // An empty playground and runs list have their own states.
      await page.goto('/runs');
      await page.getByText('No runs yet').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.goto('/playground');
      await page.getByText('No agents yet').waitFor();
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
