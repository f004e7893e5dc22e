import { startFakeTavily, testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loopbackTools, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;
const tavilyKey = 'tvly-E2E-CANARY-91c4d7e2a8';

describe('an agent searching the web with the client’s Tavily key', () => {
  let tavily: Awaited<ReturnType<typeof startFakeTavily>>;
  let t: TestApp;
  let owner: TestSession;

  beforeAll(async () => {
    tavily = await startFakeTavily({ apiKey: tavilyKey });
    t = await createTestApp(pglite, {
      tools: loopbackTools(tavily.url),
    });
    owner = await t.signup();
  });
  afterAll(async () => {
    await t?.close();
    await tavily?.close();
  });

  it('calls web_search through the proxy; the key reaches Tavily and nothing else', async () => {
    await t.request({
      method: 'POST',
      url: '/v1/credentials',
      token: owner.accessToken,
      body: { service: 'tavily', name: 'default', secret: { api_key: tavilyKey } },
    });
    const agent = await t.createAgent(owner.accessToken, {
      name: 'Pesquisador',
      system_prompt: 'Pesquise quando preciso.',
      model: 'offline/renum',
      tools: [{ name: 'web_search' }],
    });
    expect(agent.tools).toEqual([{ name: 'web_search', critical: false }]);
    const conversationId = await t.openConversation(owner.accessToken, agent.id);
    const response = await t.ask(
      owner.accessToken,
      conversationId,
      'Pesquise as melhores padarias de Curitiba',
    );
    expect(response.body).toContain('event: tool_call');
    expect(response.body).toContain('"tool":"web_search"');
    expect(response.body).toContain('event: tool_result');
    expect(response.body).toContain('event: complete');
    expect(tavily.requests).toHaveLength(1);
    expect(JSON.stringify(tavily.requests[0])).toContain(tavilyKey);
    // Stored with the run (ADR 0075): no waiting once the answer is complete.
    const usage = (
      await t.request({ method: 'GET', url: '/v1/usage?group_by=tool', token: owner.accessToken })
    ).json();
    const calls = usage.groups.find((group: { key: string | null }) => group.key === 'web_search')?.calls;
    expect(calls).toBe(1);
    // The call's ledger row committed in the very transaction that stored its tool_result event, so a
    // crash keeps both or neither.
    const runId = /"run_id":"([0-9a-f-]{36})"/.exec(response.body)?.[1];
    const [written] = await t.handle.query<{ ledger: string | null; event: string | null }>(
      `select (select xmin::text from renum_ai_usage_logs where run_id = $1 and kind = 'tool') as ledger,
              (select xmin::text from run_events where run_id = $1 and payload::text like '%"tool_result"%') as event`,
      [runId],
    );
    expect(written!.ledger).not.toBeNull();
    expect(written!.ledger).toBe(written!.event);
    // No answer, stored event, message, usage row or audit row carries the key.
    expect(response.body).not.toContain(tavilyKey);
    const dump = await t.handle.query<{ dump: string }>(
      `select (select json_agg(e)::text from run_events e) || (select json_agg(m)::text from messages m) ||
              (select json_agg(u)::text from renum_ai_usage_logs u) || (select json_agg(a)::text from audit_log a) as dump`,
    );
    expect(dump[0]!.dump).toContain('credential.use');
    expect(dump[0]!.dump).not.toContain(tavilyKey);
  });

  it('rejects an unknown tool name when the agent is saved', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/v1/agents',
      token: owner.accessToken,
      body: { name: 'X', system_prompt: 'x', tools: [{ name: 'rm_rf' }] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('VALIDATION_ERROR');
  });
});
