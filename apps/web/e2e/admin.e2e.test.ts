import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdminClientDetail, PlatformSettingsView } from '@renum/contracts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { type DemoLogin, type E2eServer, e2eSuite, screenshot } from './harness.ts';
import { layoutProblems } from './layout.ts';

/** Calls the API as a script would. */
async function call<T>(
  server: E2eServer,
  path: string,
  options: { method?: string; token?: string; body?: unknown } = {},
): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
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

/** The login form's labels in each language the console is checked in. */
const loginLabels = {
  en: { email: 'Email', password: 'Password', submit: 'Log in' },
  'pt-BR': { email: 'E-mail', password: 'Senha', submit: 'Entrar' },
} as const;

async function logIn(page: Page, login: DemoLogin, language: keyof typeof loginLabels = 'en') {
  const labels = loginLabels[language];
  await page.goto('/login');
  await page.getByLabel(labels.email).fill(login.email);
  await page.getByLabel(labels.password).fill(login.password);
  await page.getByRole('button', { name: labels.submit }).click();
}

async function expectAccessible(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
}

// Issue 16: the console in a browser as a platform admin (clients, a client's limits edited, a
// suspension and reactivation, a settings change, the monitoring page with data), refused to an owner.
describe('admin console in the browser', () => {
  const suite = e2eSuite();

  it('a platform admin edits the demo client, suspends and reactivates it, changes settings and sees runs', async () => {
    const { server } = suite;
    const admin = JSON.parse(readFileSync(join(server.dataDir, 'demo-credentials.json'), 'utf8'))
      .platformAdmin as DemoLogin;
    // Someone chats first, so the monitoring page has runs to show.
    const ownerToken = await token(server, server.demo);
    const agents = await call<{ data: Array<{ id: string }> }>(server, '/v1/agents', { token: ownerToken });
    const conversation = await call<{ id: string }>(
      server,
      `/v1/agents/${agents.data[0]!.id}/conversations`,
      {
        token: ownerToken,
        body: {},
      },
    );
    await call(server, `/v1/conversations/${conversation.id}/messages`, {
      token: ownerToken,
      body: { content: 'Olá, preciso de ajuda' },
    });
    const adminToken = await token(server, admin);

    const { context, page } = await suite.openPage();
    try {
      await logIn(page, admin);
      await page.getByRole('heading', { name: 'Clients', exact: true }).waitFor();
      await page.getByLabel('Search by name or slug').fill('Demo');
      await page.getByRole('link', { name: 'Demo Company' }).click();
      await page.getByRole('heading', { name: 'Demo Company', exact: true }).waitFor();
      await expectAccessible(page);

      await page.getByLabel('Plan', { exact: true }).selectOption('pro');
      await page.getByLabel('Requests per minute').fill('120');
      await page.getByRole('button', { name: 'Save limits' }).click();
      await page.getByText('Limits saved.', { exact: true }).waitFor();
      const clientId = page.url().split('/').pop()!;
      const detail = await call<AdminClientDetail>(server, `/v1/admin/clients/${clientId}`, {
        token: adminToken,
      });
      expect([detail.limits.plan, detail.limits.overrides.requests_per_minute]).toEqual(['pro', 120]);
      await screenshot(page, 'admin-client', 'desktop');

      await page.getByRole('button', { name: 'Suspend' }).click();
      const suspend = page.getByRole('dialog');
      await suspend.getByLabel(/Reason/).fill('Unpaid invoice');
      await suspend.getByRole('button', { name: 'Suspend' }).click();
      await page.getByText('Suspended', { exact: true }).waitFor();
      const refused = await fetch(`${server.url}/v1/agents`, {
        headers: { authorization: `Bearer ${ownerToken}` },
      });
      expect(refused.status).toBe(403);
      await page.getByRole('button', { name: 'Reactivate' }).click();
      const reactivate = page.getByRole('dialog');
      await reactivate.getByLabel(/Reason/).fill('Paid');
      await reactivate.getByRole('button', { name: 'Reactivate' }).click();
      await page.getByText('Active', { exact: true }).waitFor();

      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
      await page.getByLabel('Default plan').selectOption('free');
      await page.getByLabel('Reason (kept in the audit log)').fill('Trials start free');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText('Settings saved as version 1.', { exact: true }).waitFor();
      const settings = await call<PlatformSettingsView>(server, '/v1/admin/settings', { token: adminToken });
      expect([settings.current.version, settings.current.default_plan]).toEqual([1, 'free']);
      await expectAccessible(page);
      await screenshot(page, 'admin-settings', 'desktop');

      await page.getByRole('link', { name: 'Monitoring', exact: true }).click();
      const figures = page.getByTestId('run-figures');
      await figures.waitFor();
      const runs = Number(await figures.locator('dd').first().textContent());
      expect(runs).toBeGreaterThanOrEqual(1);
      // p99 beside p50/p95, and the offline provider healthy from the chat's run.
      await figures.getByText('p99', { exact: true }).waitFor();
      const providers = page.getByRole('table', { name: 'Model providers' });
      await providers.getByRole('row', { name: /offline.*Healthy/ }).waitFor();
      await page.getByTestId('whatsapp-health').waitFor();
      await page.getByTestId('dependencies').getByText('Database', { exact: true }).waitFor();
      // HTTP across every server process (ADR 0062), beside this process's own figures.
      const http = page.getByTestId('http-figures');
      await http.getByText('Processes reporting', { exact: true }).waitFor();
      // The server stored its first minute as it started: it counts as live at once.
      expect(await http.locator('dd').first().textContent()).toBe('1');
      await page.getByRole('img', { name: 'HTTP requests over time, all processes' }).waitFor();
      await page.getByText('This server process', { exact: true }).waitFor();
      await expectAccessible(page);
      await screenshot(page, 'admin-monitoring', 'desktop');
    } finally {
      await context.close();
    }

    // In Portuguese (longer headers) at 1280 px, every table's columns within its card: the models' table
    // once sat beside the queues and hid its latencies behind a sideways scroll.
    const portuguese = await suite.openPage({ locale: 'pt-BR' });
    try {
      await logIn(portuguese.page, admin, 'pt-BR');
      await portuguese.page.getByRole('heading', { name: 'Clientes', exact: true }).waitFor();
      await portuguese.page.goto('/admin/monitoring');
      await portuguese.page
        .getByTestId('dependencies')
        .getByText('Banco de dados', { exact: true })
        .waitFor();
      await portuguese.page.getByRole('table', { name: 'Por modelo' }).waitFor();
      expect(await layoutProblems(portuguese.page)).toEqual([]);
    } finally {
      await portuguese.context.close();
    }

    const phone = await suite.openPage({ viewport: 'phone' });
    try {
      await logIn(phone.page, admin);
      await phone.page.getByRole('heading', { name: 'Clients', exact: true }).waitFor();
      await phone.page.goto('/admin/settings');
      await phone.page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
      // The header's mark keeps its name where its text is hidden (axe's link-name at 390 px).
      await expectAccessible(phone.page);
      await screenshot(phone.page, 'admin-settings', 'phone');
    } finally {
      await phone.context.close();
    }
  });

  it('refuses the console to a client owner', async () => {
    const { context, page } = await suite.openPage();
    try {
      await logIn(page, suite.server.demo);
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await page.goto('/admin/settings');
      await page.getByRole('heading', { name: 'Reserved to platform admins' }).first().waitFor();
      expect(await page.getByRole('button', { name: 'Save settings' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
