import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { api, e2eSuite, logInThroughUi, screenshot, type ViewportName } from './harness.ts';
import { expectNoEnglish } from './no-english.ts';

interface ListPage<T> {
  data: T[];
}
interface RunRow {
  id: string;
  status: string;
}

const message = 'Calcule o valor da fatura: 12 * (3 + 4)';

/** The demo agent with the calculator on answers `message` through its Cobrança sub-agent, with a tool call. */
async function chatWithDemoAgent(page: Page): Promise<string> {
  const agents = await api<ListPage<{ id: string; name: string }>>(page, 'GET', '/v1/agents?limit=100');
  const agent = agents.data.find((candidate) => candidate.name === 'Atendimento Renum')!;
  await api(page, 'PATCH', `/v1/agents/${agent.id}`, { tools: [{ name: 'calculator' }] });
  const conversation = await api<{ id: string }>(page, 'POST', `/v1/agents/${agent.id}/conversations`, {});
  const sent = await api<{ run_id: string }>(page, 'POST', `/v1/conversations/${conversation.id}/messages`, {
    content: message,
  });
  for (let attempt = 0; attempt < 300; attempt++) {
    const run = await api<RunRow>(page, 'GET', `/v1/runs/${sent.run_id}`);
    if (run.status === 'completed') return run.id;
    if (run.status !== 'queued' && run.status !== 'running') throw new Error(`run ${run.status}`);
    await page.waitForTimeout(100);
  }
  throw new Error('the run did not finish');
}

describe('web builder: runs list and run page in English and Portuguese (issue 17)', () => {
  const suite = e2eSuite({ RENUM_OFFLINE_CHUNK_DELAY_MS: '0' });

  it('lists the run with its preview and sub-agent, opens it from the row, and tells its story', async () => {
    const { context, page } = await suite.openPage();
    try {
      await logInThroughUi(page, suite.server.demo);
      const runId = await chatWithDemoAgent(page);

      await page.getByRole('link', { name: 'Runs' }).first().click();
      await page.getByRole('heading', { name: 'Runs' }).waitFor();
      const row = page.getByRole('row').filter({ hasText: 'Calcule o valor da fatura' });
      await row.waitFor();
      expect(await row.getByTestId('run-sub-agent').textContent()).toBe('via Cobrança');
      expect(await row.textContent()).toContain('Atendimento Renum');
      expect(await row.textContent()).toContain('completed');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'runs-list', 'desktop');

      // The keyboard path: the first cell's link, focused, opens the run with Enter.
      await row.getByTestId('run-link').focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(`**/runs/${runId}`);
      await page.goBack();
      // The mouse path: a click on the message (not on a link or the badge) opens the run.
      await page
        .getByRole('row')
        .filter({ hasText: 'Calcule o valor da fatura' })
        .getByTestId('run-preview')
        .click();
      await page.waitForURL(`**/runs/${runId}`);

      await page.getByRole('heading', { name: 'Run' }).waitFor();
      const answeredBy = page.getByTestId('answered-by');
      await answeredBy.getByRole('link', { name: 'Atendimento Renum' }).waitFor();
      await answeredBy.getByRole('link', { name: 'sub-agent Cobrança' }).waitFor();
      expect(await page.getByTestId('routing-explained').textContent()).toBe(
        'Atendimento Renum chose the sub-agent Cobrança: the message mentions its topic “fatura”.',
      );
      const timeline = page.getByTestId('timeline');
      await timeline.getByText('Completed', { exact: true }).waitFor();
      await timeline.getByText('Working on the request…').waitFor();
      await timeline.getByText('Cobrança is working on it…').waitFor();
      await timeline.getByText('Tool call', { exact: true }).waitFor();
      await timeline.getByText(/^calculator answered in \d+ ms$/).waitFor();
      // The Portuguese text the server stores is not what an English reader sees.
      expect(await timeline.textContent()).not.toContain('Processando');
      expect(await timeline.textContent()).not.toContain('está trabalhando');

      const toolCall = timeline.locator('[data-type="tool_call"]');
      const show = toolCall.getByRole('button', { name: /^Show raw event #\d+$/ });
      expect(await show.getAttribute('aria-expanded')).toBe('false');
      await show.click();
      const raw = JSON.parse((await toolCall.getByTestId('raw-event').textContent()) ?? '{}');
      expect(raw).toMatchObject({ type: 'tool_call', tool: 'calculator', run_id: runId });
      expect(
        await toolCall.getByRole('button', { name: /^Hide raw event/ }).getAttribute('aria-expanded'),
      ).toBe('true');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'run-page', 'desktop');

      // The sub-agent link lands on its place on the agent page, scrolled to and focused.
      await answeredBy.getByRole('link', { name: 'sub-agent Cobrança' }).click();
      await page.waitForURL(/\/agents\/[^#]+#sub-agent-/);
      const target = new URL(page.url()).hash.slice(1);
      // The agent page focuses its sub-agent once the agent has loaded: seconds on a loaded machine, past
      // the poll's 1 s default (a fresh-clone run failed there with the focus still on the body).
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 15_000 })
        .toBe(target);
      expect(await page.locator(`#${target}`).textContent()).toContain('Cobrança');
      await page.goBack();
      await page.getByRole('heading', { name: 'Run' }).waitFor();

      // Portuguese, at both widths: the same run, no English left on the runs list, run and usage pages.
      const session = await page.evaluate(() => localStorage.getItem('renum.session'));
      for (const viewport of ['phone', 'desktop'] as ViewportName[]) {
        const pt = await suite.openPage({ viewport, locale: 'pt-BR' });
        try {
          await pt.page.goto('/login');
          await pt.page.evaluate((stored) => {
            localStorage.setItem('renum.session', stored ?? '');
            localStorage.setItem('renum.locale', 'pt-BR');
          }, session);
          await pt.page.goto('/runs');
          await pt.page.getByRole('heading', { name: 'Execuções' }).waitFor();
          const ptRow = pt.page.getByRole('row').filter({ hasText: 'Calcule o valor da fatura' });
          expect(await ptRow.getByTestId('run-sub-agent').textContent()).toBe('via Cobrança');
          expect(await ptRow.textContent()).toContain('concluída');
          await expectNoEnglish(pt.page);
          expect(await axeViolations(pt.page)).toEqual([]);
          await screenshot(pt.page, 'runs-list-pt-br', viewport);

          await ptRow.getByTestId(viewport === 'phone' ? 'run-preview-phone' : 'run-preview').click();
          await pt.page.waitForURL(`**/runs/${runId}`);
          const ptTimeline = pt.page.getByTestId('timeline');
          await ptTimeline.getByText('Concluída', { exact: true }).waitFor();
          await ptTimeline.getByText('Processando sua solicitação…').waitFor();
          await ptTimeline.getByText('Chamada de ferramenta', { exact: true }).waitFor();
          await ptTimeline.getByText(/^calculator respondeu em \d+ ms$/).waitFor();
          expect(await pt.page.getByTestId('routing-explained').textContent()).toBe(
            'Atendimento Renum escolheu o subagente Cobrança: a mensagem menciona o tema “fatura”.',
          );
          await ptTimeline
            .locator('[data-type="tool_result"]')
            .getByRole('button', { name: /^Mostrar o evento bruto nº \d+$/ })
            .click();
          await ptTimeline.getByTestId('raw-event').waitFor();
          await expectNoEnglish(pt.page);
          expect(await axeViolations(pt.page)).toEqual([]);
          await screenshot(pt.page, 'run-page-pt-br', viewport);

          await pt.page.goto('/usage');
          await pt.page.getByRole('heading', { name: 'Uso' }).waitFor();
          const byTool = pt.page.getByRole('img', { name: 'Por ferramenta' });
          await byTool.getByText('calculator').waitFor();
          expect(await byTool.textContent()).not.toContain('(nenhum)');
          await expectNoEnglish(pt.page);
          expect(await axeViolations(pt.page)).toEqual([]);
          await screenshot(pt.page, 'usage-pt-br', viewport);
        } finally {
          await pt.context.close();
        }
      }
    } finally {
      await context.close();
    }
  }, 240_000);
});
