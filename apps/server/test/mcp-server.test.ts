import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { issueRunToolToken, signRunToolToken } from '@renum/platform';
import { startFakeTavily, testDatabaseTargets } from '@renum/testing';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loopbackTools, type TestApp, type TestSession } from './test-app.ts';

const keyA = `tvly-MCP-A-${randomBytes(6).toString('hex')}`;
const keyB = `tvly-MCP-B-${randomBytes(6).toString('hex')}`;

interface Tenant {
  session: TestSession;
  agentId: string;
  runId: string;
}

// The MCP layer adds no SQL of its own beyond the tool proxy's: one database target is enough.
const [target] = testDatabaseTargets();

describe.skipIf(!target || target.skipReason !== null)("MCP server of an agent's tools (SDK client)", () => {
  let tavily: Awaited<ReturnType<typeof startFakeTavily>>;
  let t: TestApp;
  let baseUrl: string;
  let a: Tenant;
  let b: Tenant;

  const tenant = async (key: string): Promise<Tenant> => {
    const session = await t.signup();
    await t.request({
      method: 'POST',
      url: '/v1/credentials',
      token: session.accessToken,
      body: { service: 'tavily', name: 'default', secret: { api_key: key } },
    });
    const { id: agentId } = await t.createAgent(session.accessToken, {
      name: 'Pesquisa',
      system_prompt: 'x',
      model: 'offline/renum',
      tools: [{ name: 'web_search' }, { name: 'calculator' }],
    });
    const runId = uuidv7();
    await t.handle.query(
      `insert into runs (id, client_id, agent_id, model, status, executor) values ($1, $2, $3, 'm', 'running', 'suna')`,
      [runId, session.clientId, agentId],
    );
    return { session, agentId, runId };
  };

  const connect = async (url: string, headers: Record<string, string>) => {
    const client = new Client({ name: 'renum-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
    return client;
  };
  const runToken = async (who: Tenant) =>
    (
      await issueRunToolToken(t.deps, {
        clientId: who.session.clientId,
        agentId: who.agentId,
        runId: who.runId,
      })
    ).token;

  beforeAll(async () => {
    tavily = await startFakeTavily();
    t = await createTestApp(target!, { tools: loopbackTools(tavily.url) });
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    a = await tenant(keyA);
    b = await tenant(keyB);
  });
  afterAll(async () => {
    await t?.close();
    await tavily?.close();
  });

  it('lists exactly the agent’s tools, built-ins included, and calls them with the client’s key, metered to the run', async () => {
    const client = await connect(`${baseUrl}/v1/mcp`, { authorization: `Bearer ${await runToken(a)}` });
    const listed = await client.listTools();
    // The enabled built-in is served too; current_time, not enabled on this agent, is not.
    expect(listed.tools.map((tool) => tool.name)).toEqual(['web_search', 'calculator']);
    expect(listed.tools[0]?.inputSchema).toMatchObject({
      type: 'object',
      properties: { query: expect.anything() },
    });
    const result = await client.callTool({ name: 'web_search', arguments: { query: 'padarias' } });
    expect(result.isError).toBe(false);
    expect(JSON.stringify(result)).not.toContain(keyA);
    expect(tavily.requests.at(-1)?.headers.authorization).toBe(`Bearer ${keyA}`);
    let rows: Array<{ run_id: string; tool_name: string }> = [];
    for (let attempt = 0; attempt < 150 && rows.length === 0; attempt++) {
      rows = await t.handle.query('select run_id, tool_name from renum_ai_usage_logs where run_id = $1', [
        a.runId,
      ]);
      if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(rows).toEqual([{ run_id: a.runId, tool_name: 'web_search' }]);
    // A built-in runs in Renum, answers like the built-in executor, and is metered to the run.
    const sum = await client.callTool({ name: 'calculator', arguments: { expression: '12 * (3 + 4)' } });
    expect(sum.isError).toBe(false);
    expect(sum.structuredContent).toMatchObject({ tool: 'calculator', result: { result: 84 } });
    const broken = await client.callTool({ name: 'calculator', arguments: { expression: '1 / 0' } });
    expect(broken.isError).toBe(true);
    const off = await client.callTool({ name: 'current_time', arguments: {} });
    expect(off.isError).toBe(true);
    expect(JSON.stringify(off.content)).toContain('TOOL_NOT_ENABLED');
    const builtins = await t.handle.query<{ tool_name: string; status: string }>(
      "select tool_name, response_data->>'status' as status from renum_ai_usage_logs where run_id = $1 and tool_name = 'calculator' order by created_at",
      [a.runId],
    );
    expect(builtins).toEqual([
      { tool_name: 'calculator', status: 'ok' },
      { tool_name: 'calculator', status: 'error' },
    ]);
    await client.close();
  });

  it('refuses another client’s run under a token naming this client, an expired token and a finished run', async () => {
    const crossed = await signRunToolToken(
      t.deps.auth,
      { clientId: a.session.clientId, agentId: b.agentId, runId: b.runId },
      { now: new Date(), id: uuidv7() },
    );
    const expired = await signRunToolToken(
      t.deps.auth,
      { clientId: a.session.clientId, agentId: a.agentId, runId: a.runId },
      { now: new Date(Date.now() - 3_600_000), id: uuidv7(), ttlSeconds: 60 },
    );
    const before = tavily.requests.length;
    for (const [token, status, code] of [
      [crossed.token, 404, 'RUN_NOT_FOUND'],
      [expired.token, 401, 'Run token expired'],
      [a.session.accessToken, 401, 'AUTH_ERROR'], // a person's token is not a run token
    ] as const) {
      const refused = connect(`${baseUrl}/v1/mcp`, { authorization: `Bearer ${token}` });
      await expect(refused).rejects.toMatchObject({ code: status, message: expect.stringContaining(code) });
    }
    const finished = uuidv7();
    await t.handle.query(
      `insert into runs (id, client_id, agent_id, model, status, executor) values ($1, $2, $3, 'm', 'running', 'suna')`,
      [finished, a.session.clientId, a.agentId],
    );
    const issued = await issueRunToolToken(t.deps, {
      clientId: a.session.clientId,
      agentId: a.agentId,
      runId: finished,
    });
    await t.handle.query(`update runs set status = 'completed' where id = $1`, [finished]);
    await expect(
      connect(`${baseUrl}/v1/mcp`, { authorization: `Bearer ${issued.token}` }),
    ).rejects.toMatchObject({
      code: 409,
      message: expect.stringContaining('RUN_NOT_ACTIVE'),
    });
    expect(tavily.requests).toHaveLength(before);
  });

  it('serves any MCP client with an API key, only for its own client’s agents', async () => {
    const secret = (
      await t.request({
        method: 'POST',
        url: '/v1/api-keys',
        token: a.session.accessToken,
        body: { name: 'claude desktop', role: 'member' },
      })
    ).json().secret as string;
    const client = await connect(`${baseUrl}/v1/agents/${a.agentId}/mcp`, { 'x-api-key': secret });
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['web_search', 'calculator']);
    const result = await client.callTool({ name: 'web_search', arguments: { query: 'mercados' } });
    expect(result.isError).toBe(false);
    expect(tavily.requests.at(-1)?.headers.authorization).toBe(`Bearer ${keyA}`);
    const refused = await client.callTool({ name: 'current_time', arguments: {} });
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain('TOOL_NOT_ENABLED');
    await client.close();
    // Another client's agent is not found with this key; a run token is not accepted here.
    await expect(
      connect(`${baseUrl}/v1/agents/${b.agentId}/mcp`, { 'x-api-key': secret }),
    ).rejects.toMatchObject({
      code: 404,
      message: expect.stringContaining('AGENT_NOT_FOUND'),
    });
    await expect(
      connect(`${baseUrl}/v1/agents/${a.agentId}/mcp`, { authorization: `Bearer ${await runToken(a)}` }),
    ).rejects.toMatchObject({ code: 401 });
  });
});
