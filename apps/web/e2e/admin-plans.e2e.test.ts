import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '@renum/contracts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { type DemoLogin, type E2eServer, e2eSuite, screenshot } from './harness.ts';

async function logIn(
  page: Page,
  login: DemoLogin,
  labels = { email: 'Email', password: 'Password', submit: 'Log in' },
) {
  await page.goto('/login');
  await page.getByLabel(labels.email).fill(login.email);
  await page.getByLabel(labels.password).fill(login.password);
  await page.getByRole('button', { name: labels.submit }).click();
}

/** Calls the API as a script would. */
async function call<T>(
  server: E2eServer,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method: options.body === undefined ? 'GET' : 'POST',
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

const token = async (server: E2eServer, login: DemoLogin) =>
  (await call<{ access_token: string }>(server, '/v1/auth/login', { body: login })).access_token;

async function plansOf(server: E2eServer, admin: DemoLogin): Promise<Plan[]> {
  return (await call<{ data: Plan[] }>(server, '/v1/admin/plans', { token: await token(server, admin) }))
    .data;
}

/** The demo owner chats once, so the monitoring page has runs and providers to show. */
async function chatOnce(server: E2eServer): Promise<void> {
  const owner = await token(server, server.demo);
  const agents = await call<{ data: Array<{ id: string }> }>(server, '/v1/agents', { token: owner });
  const conversation = await call<{ id: string }>(server, `/v1/agents/${agents.data[0]!.id}/conversations`, {
    token: owner,
    body: {},
  });
  await call(server, `/v1/conversations/${conversation.id}/messages`, {
    token: owner,
    body: { content: 'Olá' },
  });
}

const adminOf = (server: E2eServer) =>
  JSON.parse(readFileSync(join(server.dataDir, 'demo-credentials.json'), 'utf8')).platformAdmin as DemoLogin;

// Issue 16 (ADR 0055): a platform admin creates, edits and retires a plan in the console; the plans page
// and the monitoring page are accessible at 390 px (the tables' scrolling regions take focus).
describe('plans editor in the browser', () => {
  const suite = e2eSuite();

  it('creates a plan, edits it as a new version, reads its history and retires it', async () => {
    const { server } = suite;
    const admin = adminOf(server);
    const { context, page } = await suite.openPage();
    try {
      await logIn(page, admin);
      await page.getByRole('heading', { name: 'Clients', exact: true }).waitFor();
      await page.getByRole('link', { name: 'Plans', exact: true }).click();
      await page.getByRole('heading', { name: 'Plans', exact: true }).waitFor();

      await page.getByRole('button', { name: 'New plan' }).click();
      const create = page.getByRole('dialog');
      await create.getByLabel(/^Name/).fill('team');
      await create.getByLabel('Description').fill('Small teams');
      await create.getByLabel('Monthly budget (USD)').fill('50');
      await create.getByLabel('Concurrent runs').fill('5');
      await create.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Plan team saved (version 1).', { exact: true }).waitFor();
      await expect.poll(() => create.count()).toBe(0);

      await page.getByRole('button', { name: 'Edit: team' }).click();
      const edit = page.getByRole('dialog');
      await edit.getByLabel('Monthly budget (USD)').fill('80');
      await edit.getByLabel('Reason (kept in the audit log)').fill('More room');
      await edit.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Plan team saved (version 2).', { exact: true }).waitFor();
      const team = (await plansOf(server, admin)).find((plan) => plan.name === 'team');
      expect(team).toMatchObject({
        version: 2,
        monthly_budget_usd: 80,
        requests_per_minute: null,
        max_concurrent_runs: 5,
      });
      await expectAccessible(page);
      await screenshot(page, 'admin-plans', 'desktop');

      await page.getByRole('button', { name: 'History: team' }).click();
      const history = page.getByRole('table', { name: 'Versions of the plan team' });
      await history.getByRole('row').nth(2).waitFor();
      expect(await history.getByRole('row').count()).toBe(3);
      await expectAccessible(page);
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: 'Retire: team' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Retire' }).click();
      await page.getByText('Plan team retired.', { exact: true }).waitFor();
      const retired = (await plansOf(server, admin)).find((plan) => plan.name === 'team');
      expect(retired?.retired_at).not.toBeNull();
      await page.getByRole('button', { name: 'Offer again: team' }).waitFor();

      // The demo client's plan is in use: retiring it is refused, and the page says why.
      const used = (await plansOf(server, admin)).find((plan) => plan.clients > 0)!;
      await page.getByRole('button', { name: `Retire: ${used.name}` }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Retire' }).click();
      await page
        .getByText(/is in use/)
        .first()
        .waitFor();
    } finally {
      await context.close();
    }
  });

  it('shows the plans and monitoring pages accessibly on a phone, in Portuguese too', async () => {
    const admin = adminOf(suite.server);
    await chatOnce(suite.server);
    const phone = await suite.openPage({ viewport: 'phone' });
    try {
      await logIn(phone.page, admin);
      await phone.page.getByRole('heading', { name: 'Clients', exact: true }).waitFor();
      await phone.page.goto('/admin/plans');
      await phone.page.getByRole('table', { name: 'Plans' }).waitFor();
      await expectAccessible(phone.page);
      await screenshot(phone.page, 'admin-plans', 'phone');
      await phone.page.goto('/admin/monitoring');
      await phone.page.getByTestId('run-figures').waitFor();
      await phone.page
        .getByRole('table', { name: 'Model providers' })
        .getByRole('row', { name: /offline/ })
        .waitFor();
      await expectAccessible(phone.page);
      await screenshot(phone.page, 'admin-monitoring', 'phone');
    } finally {
      await phone.context.close();
    }
    const portuguese = await suite.openPage({ viewport: 'phone', locale: 'pt-BR' });
    try {
      await logIn(portuguese.page, admin, { email: 'E-mail', password: 'Senha', submit: 'Entrar' });
      await portuguese.page.getByRole('heading', { name: 'Clientes', exact: true }).waitFor();
      await portuguese.page.goto('/admin/plans');
      await portuguese.page.getByRole('heading', { name: 'Planos', exact: true }).waitFor();
      await portuguese.page.getByRole('button', { name: 'Novo plano' }).waitFor();
      await expectAccessible(portuguese.page);
    } finally {
      await portuguese.context.close();
    }
  });

  it('refuses the plans page to a client owner', async () => {
    const { context, page } = await suite.openPage();
    try {
      await logIn(page, suite.server.demo);
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await page.goto('/admin/plans');
      await page.getByRole('heading', { name: 'Reserved to platform admins' }).first().waitFor();
      expect(await page.getByRole('button', { name: 'New plan' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});

async function expectAccessible(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
}
