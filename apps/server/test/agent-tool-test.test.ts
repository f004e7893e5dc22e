import { randomBytes } from 'node:crypto';
import { startFakeTavily, testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loopbackTools, type TestApp, type TestSession } from './test-app.ts';

const key = `tvly-TEST-${randomBytes(6).toString('hex')}`;
const postTool = {
  name: 'crm_update',
  description: 'Updates a customer in the CRM',
  method: 'POST',
  url_template: 'http://127.0.0.1:9/customers/{id}',
  allowed_hosts: ['127.0.0.1'],
  parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
};

/** Real Postgres only: the ledger and the agent rows are what these tests read. */
const postgres = testDatabaseTargets().filter((target) => target.name !== 'pglite');

describe.each(postgres)('POST /v1/agents/{id}/tools/{tool}/test ($name)', (target) => {
  let tavily: Awaited<ReturnType<typeof startFakeTavily>>;
  let t: TestApp;
  let owner: TestSession;
  let agentId: string;

  const testTool = (tool: string, input: unknown, who = owner, agent = agentId) =>
    t.request({
      method: 'POST',
      url: `/v1/agents/${agent}/tools/${tool}/test`,
      token: who.accessToken,
      body: { input },
    });
  const usageRows = async (clientId: string) =>
    t.handle.query<{ tool_name: string; run_id: string | null; units: number }>(
      'select tool_name, run_id, units::float8 as units from renum_ai_usage_logs where client_id = $1 and tool_name is not null',
      [clientId],
    );

  beforeAll(async () => {
    tavily = await startFakeTavily();
    t = await createTestApp(target, { tools: loopbackTools(tavily.url) });
    owner = await t.signup();
    const stored = await t.request({
      method: 'POST',
      url: '/v1/credentials',
      token: owner.accessToken,
      body: { service: 'tavily', name: 'default', secret: { api_key: key } },
    });
    expect(stored.statusCode).toBe(201);
    agentId = (
      await t.createAgent(owner.accessToken, {
        name: 'Testador',
        system_prompt: 'x',
        model: 'offline/renum',
        tools: [
          { name: 'web_search', options: { default_max_results: 3 } },
          { name: 'web_scrape', critical: true },
          { name: 'whatsapp_send_message' },
          { name: 'http_request', options: postTool },
          { name: 'calculator' },
        ],
      })
    ).id;
  });
  afterAll(async () => {
    await t?.close();
    await tavily?.close();
  });

  it('runs one web search through the proxy with the client’s key and meters it to the client', async () => {
    const before = tavily.requests.length;
    const response = await testTool('web_search', { query: 'padarias em Curitiba' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ tool: 'web_search', is_error: false, error_code: null, attempts: 1 });
    expect(body.result.results.length).toBeGreaterThan(0);
    expect(tavily.requests).toHaveLength(before + 1);
    expect(tavily.requests.at(-1)!.headers.authorization).toBe(`Bearer ${key}`);
    // The agent's saved options reach the call.
    expect(tavily.requests.at(-1)!.body).toMatchObject({ max_results: 3 });
    expect(response.body).not.toContain(key);
    let rows: Awaited<ReturnType<typeof usageRows>> = [];
    for (let attempt = 0; attempt < 150 && rows.length === 0; attempt++) {
      rows = await usageRows(owner.clientId);
      if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(rows).toEqual([{ tool_name: 'web_search', run_id: null, units: 1 }]);
  });

  it('runs a read-only built-in', async () => {
    const response = await testTool('calculator', { expression: '6 * 7' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ tool: 'calculator', is_error: false });
    expect(JSON.stringify(response.json().result)).toContain('42');
  });

  it('refuses tools that send or change something, or need approval, and calls nothing', async () => {
    const before = tavily.requests.length;
    const cases = [
      ['whatsapp_send_message', { to: '+5541999990000', text: 'oi' }, 'side_effects'],
      ['crm_update', { id: '1' }, 'side_effects'],
      ['web_scrape', { url: 'https://example.com' }, 'approval'],
    ] as const;
    for (const [tool, input, reason] of cases) {
      const response = await testTool(tool, input);
      expect(response.statusCode, tool).toBe(403);
      expect(response.json()).toMatchObject({ code: 'TOOL_NOT_TESTABLE', tool, reason });
    }
    expect(tavily.requests).toHaveLength(before);
    const rows = await usageRows(owner.clientId);
    expect(rows.filter((row) => row.tool_name !== 'web_search' && row.tool_name !== 'calculator')).toEqual(
      [],
    );
  });

  it('answers 404 for another client’s agent and 403 for a tool the agent did not enable', async () => {
    const other = await t.signup();
    const before = tavily.requests.length;
    const response = await testTool('web_search', { query: 'x' }, other);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'AGENT_NOT_FOUND' });
    const notEnabled = await testTool('current_time', {});
    expect(notEnabled.statusCode).toBe(403);
    expect(notEnabled.json()).toMatchObject({ code: 'TOOL_NOT_ENABLED' });
    expect(tavily.requests).toHaveLength(before);
    expect(await usageRows(other.clientId)).toEqual([]);
  });

  it('refuses bad input in the error shape and calls nothing', async () => {
    const before = tavily.requests.length;
    const rowsBefore = (await usageRows(owner.clientId)).length;
    for (const input of [{}, { query: 42 }]) {
      const response = await testTool('web_search', input);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        code: 'VALIDATION_ERROR',
        error: expect.stringContaining('query'),
      });
    }
    const noInput = await t.request({
      method: 'POST',
      url: `/v1/agents/${agentId}/tools/web_search/test`,
      token: owner.accessToken,
      body: { input: 'not an object' },
    });
    expect(noInput.statusCode).toBe(400);
    expect(noInput.json()).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(tavily.requests).toHaveLength(before);
    expect(await usageRows(owner.clientId)).toHaveLength(rowsBefore);
  });
});
