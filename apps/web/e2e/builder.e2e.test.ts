import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { choose } from './choose.ts';
import { e2eSuite, logInThroughUi, screenshot, signUpThroughUi, uniqueEmail } from './harness.ts';

/** Screenshots of the builder's pages at one viewport (the current page's session is reused). */
async function screenshotPages(page: Page, agentPath: string, viewport: 'phone' | 'desktop') {
  const shots: Array<[string, string, string]> = [
    ['/', 'Dashboard', 'dashboard'],
    ['/agents', 'Agents', 'agents'],
    [agentPath, 'Support bot', 'agent-editor'],
    ['/credentials', 'Credentials', 'credentials'],
    ['/usage', 'Usage', 'usage'],
  ];
  for (const [path, heading, name] of shots) {
    await page.goto(path);
    await page.getByRole('heading', { name: heading, exact: true }).waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, name, viewport);
  }
}

describe('web builder: agents, sub-agents, credentials', () => {
  const suite = e2eSuite();

  it('creates an agent with a sub-agent, activates it, adds a masked credential; another client sees none of it', async () => {
    const { context, page } = await suite.openPage();
    let agentPath = '';
    try {
      await logInThroughUi(page, suite.server.demo);

      await page.getByRole('link', { name: 'Agents' }).first().click();
      await page.getByRole('link', { name: 'New agent' }).click();
      await page.getByRole('heading', { name: 'New agent' }).waitFor();
      await page.getByLabel(/^Name/).fill('Support bot');
      await page.getByLabel('System prompt').fill('You help customers of {{client.name}}. ');
      await page.getByRole('button', { name: '{{contact.name}}' }).click();
      expect(await page.locator('pre').textContent()).toContain('Maria Silva');
      await page.getByRole('button', { name: 'Create agent' }).click();
      await page.getByRole('link', { name: 'Chat in playground' }).waitFor();
      agentPath = new URL(page.url()).pathname;
      const agentId = agentPath.split('/').at(-1);
      expect(await page.getByRole('link', { name: 'Chat in playground' }).getAttribute('href')).toBe(
        `/playground?agent=${agentId}`,
      );

      // "Test this tool" where safe (ADR 0066): the new agent's calculator runs once in a dialog.
      await page.getByRole('button', { name: 'Test calculator' }).click();
      const tester = page.getByRole('dialog', { name: 'Test calculator' });
      await tester.getByLabel(/^Expression/).fill('(2 + 4) * 7');
      await tester.getByRole('button', { name: 'Run' }).click();
      await tester
        .getByRole('region', { name: 'Result' })
        .getByText(/"result": 42/)
        .waitFor();
      expect(await page.getByRole('button', { name: 'Test whatsapp_send_message' }).count()).toBe(0);
      // Its close button, not Escape: a toast still open is the top layer, and Escape closes that first.
      await tester.getByRole('button', { name: 'Close' }).click();
      await tester.waitFor({ state: 'detached' });

      await page.getByRole('button', { name: 'Add sub-agent' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(/^Name/).fill('Billing');
      await dialog.getByLabel('Topics').fill('invoices');
      await dialog.getByLabel('Topics').press('Enter');
      await dialog.getByLabel('Topics').fill('Refunds');
      await dialog.getByLabel('Topics').press('Enter');
      await dialog.getByLabel('System prompt').fill('You answer billing questions.');
      await dialog.getByRole('button', { name: 'Add sub-agent' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText('refunds', { exact: true }).waitFor();
      expect(await page.getByText('invoices', { exact: true }).count()).toBe(1);

      await page.getByRole('link', { name: 'All agents' }).click();
      const row = page.getByRole('row').filter({ hasText: 'Support bot' });
      await row.getByRole('button', { name: 'Activate' }).click();
      await row.getByText('Active', { exact: true }).waitFor();
      await choose(page.getByLabel('Status'), 'Active');
      await page.getByRole('row').filter({ hasText: 'Support bot' }).waitFor();
      await page.getByLabel('Search agents').fill('no such agent');
      await page.getByText('No agents match these filters.').waitFor();

      await page.goto('/credentials');
      await page.getByRole('heading', { name: 'Credentials', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Add credential' }).first().click();
      const form = page.getByRole('dialog');
      await choose(form.getByLabel('Service'), 'tavily');
      await form.getByLabel(/^Name/).fill('Search key');
      await form.getByLabel(/^API key/).fill('tvly-very-secret-value-9876');
      await form.getByRole('button', { name: 'Add credential' }).click();
      await form.waitFor({ state: 'detached' });
      const credential = page.getByRole('row').filter({ hasText: 'Search key' });
      await credential.waitFor();
      expect(await credential.textContent()).toContain('9876');
      expect(await page.content()).not.toContain('tvly-very-secret-value');

      // One answer of the offline model through the API (the playground is tested elsewhere), so the
      // usage charts and the dashboard have figures to show.
      const calls = await page.evaluate(async (id) => {
        const { accessToken } = JSON.parse(localStorage.getItem('renum.session') ?? '{}');
        const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
        const conversation = await (
          await fetch(`/v1/agents/${id}/conversations`, { method: 'POST', headers, body: '{}' })
        ).json();
        await fetch(`/v1/conversations/${conversation.id}/messages`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ content: 'Hello, I need help with an invoice' }),
        });
        for (let attempt = 0; attempt < 100; attempt += 1) {
          const usage = await (await fetch('/v1/usage', { headers })).json();
          if (usage.totals.calls > 0) return usage.totals.calls as number;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return 0;
      }, agentId);
      expect(calls).toBeGreaterThan(0);

      await screenshotPages(page, agentPath, 'desktop');
    } finally {
      await context.close();
    }

    const phone = await suite.openPage({ viewport: 'phone' });
    try {
      await logInThroughUi(phone.page, suite.server.demo);
      await screenshotPages(phone.page, agentPath, 'phone');
    } finally {
      await phone.context.close();
    }

    const other = await suite.openPage();
    try {
      await signUpThroughUi(other.page, {
        name: 'Bruno',
        company: 'Outra Loja',
        email: uniqueEmail(),
        password: 'another long password',
      });
      await other.page.goto('/agents');
      await other.page.getByRole('heading', { name: 'Agents', exact: true }).waitFor();
      await other.page.getByText('No agents yet.').waitFor();
      expect(await other.page.getByText('Support bot').count()).toBe(0);
      await other.page.goto(agentPath);
      await other.page.getByRole('alert').first().waitFor();
      expect(await other.page.getByText('Support bot').count()).toBe(0);
    } finally {
      await other.context.close();
    }
  });
});
