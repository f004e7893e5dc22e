import { describe, expect, it } from 'vitest';
import { choose } from './choose.ts';
import { e2eSuite, logInThroughUi, screenshot } from './harness.ts';

// Issue 14's "done when": in the browser a person builds seed 002's conditional team (a classifier and two
// support agents), runs it with a billing question, watches the billing branch run, and sees usage per agent.
describe('web builder: a conditional team of agents', () => {
  const suite = e2eSuite();

  it('builds the classifier team, runs a billing question and shows the billing branch with usage per agent', async () => {
    const { server } = suite;
    const login = await fetch(`${server.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(server.demo),
    }).then((response) => response.json());
    // The offline model echoes the question's keywords, so the conditions read its text.
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
      const steps = [
        { agent: 'Classificador', role: 'classifier' },
        { agent: 'Suporte técnico', role: 'technical_support', keyword: 'aplicativo' },
        { agent: 'Financeiro', role: 'billing_support', keyword: 'fatura' },
      ];
      for (const [index, step] of steps.entries()) {
        await page.getByRole('button', { name: 'Add step' }).click();
        const card = page.getByTestId(`step-${index}`);
        await choose(card.getByLabel(/^Agent/), step.agent);
        await card.getByLabel(/^Role/).fill(step.role);
        if (!step.keyword) continue;
        await choose(card.getByLabel('Input'), 'An earlier step’s result');
        await card.getByRole('button', { name: 'Add condition' }).click();
        await card.getByLabel('Path').fill('');
        await choose(card.getByLabel('Operator'), 'contains');
        await card.getByLabel('Value').fill(step.keyword);
      }
      expect(await page.getByTestId('team-dsl').textContent()).toContain('"operator": "contains"');
      await page.getByRole('button', { name: 'Save team' }).click();
      await page.getByRole('heading', { name: 'Run the team' }).waitFor();

      await page.getByLabel(/^Initial prompt/).fill('Minha fatura deste mês veio cobrada duas vezes');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.getByRole('heading', { name: 'Team execution' }).waitFor();
      const billing = page.getByTestId('execution-step-2');
      await billing.getByText('completed', { exact: true }).waitFor({ timeout: 30_000 });
      await page.getByTestId('execution-step-1').getByText('skipped', { exact: true }).waitFor();
      await billing.getByText(/tokens · model calls: 1 ·/).waitFor();
      expect(await page.getByTestId('execution-step-0').textContent()).toContain('fatura');
      await page.getByRole('img', { name: /3\. billing_support \(completed\)/ }).waitFor();
      await screenshot(page, 'team-execution', 'desktop');
    } finally {
      await context.close();
    }
  });
});
