import { describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { choose } from './choose.ts';
import { api, e2eSuite, screenshot, signUpThroughUi, uniqueEmail } from './harness.ts';

/** Polls `read` until `done` holds (up to 30 s). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let attempt = 0; attempt < 150 && !done(value); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
}

interface Approval {
  id: string;
  tool: string;
  status: string;
  execution_status: string | null;
  result: unknown;
}

describe('web: approval of a critical tool call, and a scheduled run in the history (issue 15)', () => {
  const suite = e2eSuite();

  it('marks a tool critical, asks in the playground, approves from the inbox once, then runs a schedule', async () => {
    const { context, page } = await suite.openPage();
    // The same person in a Portuguese browser: its badge must follow live too (ADR 0061).
    const portuguese = await suite.openPage({ locale: 'pt-BR' });
    try {
      const owner = { email: uniqueEmail('approvals'), password: 'correct horse battery' };
      await signUpThroughUi(page, { name: 'Rui Costa', company: 'Caixa do Rui', ...owner });
      // Two pages opened before anything is notified: an English tab and the Portuguese browser.
      const tab = await context.newPage();
      await tab.goto('/notifications');
      await tab.getByRole('heading', { name: 'Notifications' }).waitFor();
      await portuguese.page.goto('/login');
      await portuguese.page.getByLabel('E-mail').fill(owner.email);
      await portuguese.page.getByLabel('Senha').fill(owner.password);
      await portuguese.page.getByRole('button', { name: 'Entrar' }).click();
      await portuguese.page.getByRole('link', { name: 'Notificações' }).first().click();
      await portuguese.page.getByRole('heading', { name: 'Notificações' }).waitFor();
      expect(await tab.getByTestId('unread-badge').count()).toBe(0);
      expect(await portuguese.page.getByTestId('unread-badge').count()).toBe(0);
      // The calculator (on by default) is marked critical in the agent editor.
      await page.getByRole('link', { name: 'Agents' }).first().click();
      await page.getByRole('link', { name: 'New agent' }).click();
      await page.getByLabel(/^Name/).fill('Caixa');
      await page.getByLabel('System prompt').fill('You calculate.');
      const calculator = page.locator('li', { has: page.getByText('calculator', { exact: true }) });
      await calculator.getByRole('checkbox', { name: /Critical/ }).check();
      await page.getByRole('button', { name: 'Create agent' }).click();
      await page.getByRole('link', { name: 'Chat in playground' }).waitFor();

      // The playground: the call waits for a person.
      await page.getByRole('link', { name: 'Chat in playground' }).click();
      await page.getByRole('button', { name: 'New conversation' }).click();
      await page.waitForURL(/conversation=/);
      const conversationId = new URL(page.url()).searchParams.get('conversation')!;
      await page.getByLabel('Message').fill('calculate 1500 * 2');
      await page.getByRole('button', { name: 'Send' }).click();
      const pending = await until(
        () =>
          api<{ data: Approval[] }>(
            page,
            'GET',
            `/v1/approvals?status=pending&conversation_id=${conversationId}`,
          ),
        (list) => list.data.length === 1,
      );
      expect(pending.data).toHaveLength(1);
      const approvalId = pending.data[0]!.id;

      // Pushed, not polled (the fallback poll is 5 minutes): both pages show it without a reload.
      await tab.getByTestId('unread-badge').getByText('1', { exact: true }).waitFor({ timeout: 10_000 });
      await tab.getByText('New notification', { exact: true }).waitFor();
      await tab.getByText('An action waits for your approval').first().waitFor();
      await portuguese.page.getByTestId('unread-badge').getByText('1', { exact: true }).waitFor();
      await portuguese.page.getByText('Nova notificação', { exact: true }).waitFor();
      await portuguese.page.getByText('Uma ação espera a sua aprovação').first().waitFor();
      // Read in one tab: the other browser's badge drops.
      await tab.getByRole('button', { name: 'Mark “An action waits for your approval” read' }).click();
      await portuguese.page.getByTestId('unread-badge').waitFor({ state: 'detached', timeout: 10_000 });
      await tab.close();

      // The inbox: the nav badge counts it; it is approved from the web.
      await page.reload();
      await page.getByText('1 pending').waitFor();
      await page
        .getByRole('link', { name: /Approvals/ })
        .first()
        .click();
      await page.getByRole('button', { name: 'Approve calculator' }).click();
      const decided = await until(
        () => api<Approval>(page, 'GET', `/v1/approvals/${approvalId}`),
        (approval) => approval.execution_status === 'executed',
      );
      expect(decided).toMatchObject({ status: 'approved', execution_status: 'executed' });
      expect(JSON.stringify(decided.result)).toContain('3000');
      // The same run went on and completed; the call ran once (one run, resumed once).
      const runs = await until(
        () =>
          api<{ data: Array<{ status: string; suspensions: number }> }>(
            page,
            'GET',
            `/v1/runs?conversation_id=${conversationId}`,
          ),
        (list) => list.data[0]?.status === 'completed',
      );
      expect(runs.data).toEqual([expect.objectContaining({ status: 'completed', suspensions: 1 })]);

      // A schedule of the agent, run now: its run appears in the history, linked.
      await page.getByRole('link', { name: 'Schedules' }).first().click();
      await page.getByRole('button', { name: 'New schedule' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(/^Name/).fill('Fechamento');
      await dialog.getByLabel(/What the agent is asked/).fill('Resuma o dia');
      await dialog.getByRole('button', { name: 'Create schedule' }).click();
      await dialog.waitFor({ state: 'detached' });
      const row = page.getByRole('row', { name: /Fechamento/ });
      await row.getByRole('button', { name: 'Run now' }).click();
      await row.getByRole('button', { name: 'History' }).click();
      await page.getByRole('dialog').getByRole('link', { name: 'completed' }).waitFor({ timeout: 30_000 });
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'schedule-history', 'desktop');
      await page.keyboard.press('Escape');
      // The built-in jobs every client has are listed beside it.
      await page.getByRole('row', { name: /Budget check/ }).waitFor();
      await screenshot(page, 'schedules', 'desktop');
      await page.getByRole('button', { name: 'New schedule' }).click();
      await choose(page.getByRole('dialog').getByLabel('What runs'), 'A built-in job');
      await page.getByRole('dialog').getByLabel('Job').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'schedule-builtin-form', 'desktop');
    } finally {
      await context.close();
      await portuguese.context.close();
    }
  });

  it('the schedules page fits a phone', async () => {
    const { context, page } = await suite.openPage({ viewport: 'phone' });
    try {
      await signUpThroughUi(page, {
        name: 'Ana Reis',
        company: 'Ana Doces',
        email: uniqueEmail('schedules'),
        password: 'correct horse battery',
      });
      await page.goto('/schedules');
      await page.getByText('Budget check').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, 'schedules', 'phone');
    } finally {
      await context.close();
    }
  });
});
