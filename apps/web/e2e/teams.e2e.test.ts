import { describe, expect, it } from 'vitest';
import { choose } from './choose.ts';
import { e2eSuite, logInThroughUi, screenshot, viewports } from './harness.ts';
import { layoutProblems } from './layout.ts';

// Issue 14's "done when": in the browser a person builds seed 002's conditional team (a classifier and two
// support agents), runs it with a billing question, watches the billing branch run, and sees usage per agent.
describe('web builder: a conditional team of agents', () => {
  // Slow enough streaming that the billing step is still running when the classifier's usage arrives.
  const suite = e2eSuite({ RENUM_OFFLINE_CHUNK_DELAY_MS: '80' });

  it('builds the classifier team, runs a billing question and shows the billing branch with usage per agent', async () => {
    const { server } = suite;
    const login = await fetch(`${server.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(server.demo),
    }).then((response) => response.json());
    // The offline model answers JSON that fits a step's output schema (the classifier's category).
    for (const name of ['Classificador', 'Suporte técnico', 'Financeiro']) {
      const created = await fetch(`${server.url}/v1/agents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${login.access_token}` },
        body: JSON.stringify({ name, system_prompt: `Você é ${name}.`, status: 'active' }),
      });
      expect(created.status).toBe(201);
    }
    const { context, page } = await suite.openPage();
    try {
      await logInThroughUi(page, server.demo);
      await page.getByRole('link', { name: 'Teams' }).first().click();
      await page.getByRole('link', { name: 'New team' }).click();
      await page.getByLabel(/^Name/).fill('Atendimento');
      await choose(page.getByLabel('Workflow'), 'Conditional');
      // Seed 002's example: the classifier answers {"category": …}; each support step runs on its value.
      const steps = [
        { agent: 'Classificador', role: 'classifier' },
        { agent: 'Suporte técnico', role: 'technical_support', category: 'technical' },
        { agent: 'Financeiro', role: 'billing_support', category: 'billing' },
      ];
      for (const [index, step] of steps.entries()) {
        await page.getByRole('button', { name: 'Add step' }).click();
        const card = page.getByTestId(`step-${index}`);
        await choose(card.getByLabel(/^Agent/), step.agent);
        await card.getByLabel(/^Role/).fill(step.role);
        if (!step.category) {
          await card
            .getByLabel(/^Output schema/)
            .fill(
              '{"type":"object","properties":{"category":{"type":"string","enum":["technical","billing"]}},"required":["category"]}',
            );
          continue;
        }
        await choose(card.getByLabel('Input'), 'An earlier step’s result');
        await card.getByRole('button', { name: 'Add condition' }).click();
        // The path is suggested from the classifier's output schema.
        expect(await card.getByLabel('Path').inputValue()).toBe('category');
        await choose(card.getByLabel('Operator'), 'equals');
        await card.getByLabel('Value').fill(step.category);
      }
      expect(await page.getByTestId('team-dsl').textContent()).toContain('"operator": "equals"');
      await page.getByRole('button', { name: 'Save team' }).click();
      await page.getByRole('heading', { name: 'Run the team' }).waitFor();

      await page.getByLabel(/^Initial prompt/).fill('Minha fatura deste mês veio cobrada duas vezes');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.getByRole('heading', { name: 'Team execution' }).waitFor();
      const billing = page.getByTestId('execution-step-2');
      // While the billing step runs, the summary already totals the classifier's usage, "so far".
      await billing.getByText('running', { exact: true }).waitFor({ timeout: 30_000 });
      const totals = page.getByTestId('execution-totals');
      await totals.getByText('Tokens so far').waitFor();
      const classifierUsage = await page
        .getByTestId('execution-step-0')
        .getByText(/tokens · model calls: 1 ·/)
        .textContent();
      expect(await totals.locator('dd').first().textContent()).toBe(classifierUsage!.split(' ')[0]);
      await page.setViewportSize(viewports.phone);
      await screenshot(page, 'team-execution-running', 'phone');
      await page.setViewportSize(viewports.desktop);
      await billing.getByText('completed', { exact: true }).waitFor({ timeout: 60_000 });
      await totals.getByText('Tokens', { exact: true }).waitFor();
      await page.getByTestId('execution-step-1').getByText('skipped', { exact: true }).waitFor();
      await billing.getByText(/tokens · model calls: 1 ·/).waitFor();
      expect(await page.getByTestId('execution-step-0').textContent()).toMatch(/"category": "billing"/);
      await page.getByRole('img', { name: /3\. billing_support \(completed\)/ }).waitFor();
      // The desktop draws the flow as a graph, left to right; its top-to-bottom list is hidden.
      expect(await page.getByRole('list', { name: 'Flow', exact: true }).isVisible()).toBe(false);
      await screenshot(page, 'team-execution', 'desktop');
      // On a phone the graph would be cut at the card's edge: the flow is a list that fits the screen.
      await page.setViewportSize(viewports.phone);
      const flow = page.getByRole('list', { name: 'Flow', exact: true });
      await flow.waitFor();
      expect(await page.getByRole('img', { name: /Flow of the team/ }).isVisible()).toBe(false);
      const boxes = await flow.getByRole('listitem').all();
      expect(boxes).toHaveLength(4);
      for (const box of boxes) {
        const bounds = await box.boundingBox();
        expect(bounds!.x).toBeGreaterThanOrEqual(0);
        expect(bounds!.x + bounds!.width).toBeLessThanOrEqual(viewports.phone.width);
      }
      expect(await boxes[3]!.textContent()).toBe('3. billing_supportcompletedafter: 1. classifier');
      expect(await layoutProblems(page)).toEqual([]);
      await screenshot(page, 'team-execution', 'phone');
    } finally {
      await context.close();
    }
  });
});
