import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FakeSuna, startFakeSuna, startFakeTavily } from '@renum/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import {
  type DemoLogin,
  type E2eServer,
  launchBrowser,
  logInThroughUi,
  openPage,
  screenshot,
  startServer,
} from './harness.ts';

const SUNA_KEY = 'pk_demo:sk_demo';
const TAVILY_KEY = 'tvly-demo-e2e';

async function call<T>(
  server: E2eServer,
  path: string,
  token: string | null,
  body?: unknown,
  method?: string,
) {
  const response = await fetch(`${server.url}${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
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

// Issue 13's "done when": an admin points the platform at (a fake) Suna in the console, the demo agent is
// switched to Suna, a chat shows a web_search the fake Suna made through Renum's MCP endpoint, and the
// usage page counts the Suna run's tokens.
describe('Suna in the browser: admin settings, a chat with a tool call through MCP, usage', () => {
  let suna: FakeSuna;
  let tavily: Awaited<ReturnType<typeof startFakeTavily>>;
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    suna = await startFakeSuna({ apiKey: SUNA_KEY, searchOnRequest: true });
    tavily = await startFakeTavily();
    [server, browser] = await Promise.all([
      startServer({ RENUM_TAVILY_URL: tavily.url, RENUM_EGRESS_ALLOW: '127.0.0.1' }),
      launchBrowser(),
    ]);
  }, 200_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await suna?.close();
    await tavily?.close();
  });

  it('configures Suna in the console, chats on Suna with web_search through MCP, and shows the usage', async () => {
    const admin = JSON.parse(readFileSync(join(server.dataDir, 'demo-credentials.json'), 'utf8'))
      .platformAdmin as DemoLogin;
    const adminPage = await openPage(browser, server);
    const { page } = adminPage;
    await page.goto('/login');
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto('/admin/suna');
    await page.getByRole('heading', { name: 'Suna' }).first().waitFor();
    await page.getByLabel('Suna URL').fill(suna.url);
    await page.getByLabel('Tools URL').fill(server.url);
    await page.getByLabel('API key').fill(SUNA_KEY);
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByText('In effect: the values saved here.').waitFor();
    expect(await page.getByLabel('API key').inputValue()).toBe(''); // never shown back
    await page.getByRole('button', { name: 'Check Suna' }).click();
    await page.getByText('Healthy').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'suna-admin', 'desktop');
    await adminPage.context.close();

    // The demo owner stores a Tavily key and switches the demo agent to Suna with web_search.
    const owner = (await call<{ access_token: string }>(server, '/v1/auth/login', null, server.demo))
      .access_token;
    await call(server, '/v1/credentials', owner, {
      service: 'tavily',
      name: 'default',
      secret: { api_key: TAVILY_KEY },
    });
    const agents = await call<{ data: Array<{ id: string; name: string }> }>(server, '/v1/agents', owner);
    const demo = agents.data[0]!;
    await call(
      server,
      `/v1/agents/${demo.id}`,
      owner,
      {
        executor: 'suna',
        model: 'openai/gpt-4o-mini',
        tools: [{ name: 'web_search' }, { name: 'calculator' }],
      },
      'PATCH',
    );

    for (const viewport of ['desktop', 'phone'] as const) {
      const { context, page: chat } = await openPage(browser, server, { viewport });
      await logInThroughUi(chat, server.demo);
      await chat.goto(`/playground?agent=${demo.id}`);
      await chat.getByRole('button', { name: 'New conversation' }).click();
      await chat.getByLabel('Message').fill('pesquise padarias em Curitiba');
      await chat.getByRole('button', { name: 'Send' }).click();
      const answer = chat.getByTestId('answer').last();
      await answer.getByText(/searched the web/).waitFor({ timeout: 60_000 });
      await expect(answer.getByTestId('tool-card').first().textContent()).resolves.toContain('web_search');
      await screenshot(chat, 'suna-playground', viewport);
      await context.close();
    }
    // The tool call reached Tavily with the client's key, never Suna.
    expect(tavily.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TAVILY_KEY}`);
    expect(JSON.stringify(suna.requests)).not.toContain(TAVILY_KEY);

    const { context, page: usage } = await openPage(browser, server);
    await logInThroughUi(usage, server.demo);
    await usage.goto('/usage');
    await usage.getByRole('heading', { name: 'Usage' }).first().waitFor();
    await usage.getByText('gpt-4o-mini').first().waitFor();
    await screenshot(usage, 'suna-usage', 'desktop');
    await context.close();
  }, 300_000); // three browser sessions and four Suna turns on a loaded shared machine
});
