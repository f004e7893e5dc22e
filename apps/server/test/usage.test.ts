import { randomUUID } from 'node:crypto';
import { usageLogs, withClient } from '@renum/db';
import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

describe('GET /v1/usage', () => {
  let t: TestApp;
  let owner: TestSession;
  let other: TestSession;
  let agentA: string;
  let agentB: string;

  beforeAll(async () => {
    t = await createTestApp(pglite);
    [owner, other] = [await t.signup(), await t.signup()];
    const create = async (name: string) =>
      (
        await t.request({
          method: 'POST',
          url: '/v1/agents',
          token: owner.accessToken,
          body: { name, system_prompt: 'x' },
        })
      ).json().id;
    [agentA, agentB] = [await create('Vendas'), await create('Suporte')];
    const row = (over: Partial<typeof usageLogs.$inferInsert>): typeof usageLogs.$inferInsert => ({
      id: randomUUID(),
      client_id: owner.clientId,
      agent_id: agentA,
      model_provider: 'openai',
      model_name: 'gpt-4o-mini',
      tokens_input: 100,
      tokens_output: 50,
      cost_usd: '0.00004500',
      created_at: new Date('2026-11-10T12:00:00Z'),
      ...over,
    });
    await withClient(t.deps.db, owner.clientId, (tx) =>
      tx.insert(usageLogs).values([
        row({}),
        row({ created_at: new Date('2026-11-11T23:59:59Z') }),
        row({
          agent_id: agentB,
          model_provider: 'anthropic',
          model_name: 'claude-haiku',
          tokens_input: 10,
          tokens_output: 5,
          cost_usd: '0.00001250',
        }),
        row({
          kind: 'tool',
          tool_name: 'web_search',
          model_provider: null,
          model_name: null,
          tokens_input: 0,
          tokens_output: 0,
          units: '1',
          cost_usd: '0.00800000',
        }),
        row({ created_at: new Date('2026-10-31T23:59:59Z') }), // before the range
      ]),
    );
    await withClient(t.deps.db, other.clientId, (tx) =>
      tx.insert(usageLogs).values({ ...row({ client_id: other.clientId, agent_id: null }), cost_usd: '99' }),
    );
  });
  afterAll(async () => t?.close());

  const usage = (query: string, token = owner.accessToken) =>
    t.request({
      method: 'GET',
      url: `/v1/usage?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&${query}`,
      token,
    });

  it('totals the range exactly, in tokens and USD', async () => {
    const report = (await usage('group_by=day')).json();
    expect(report.totals).toEqual({
      calls: 4,
      tokens_input: 210,
      tokens_output: 105,
      total_tokens: 315,
      cost_usd: 0.0081025,
    });
    expect(report.groups.map((g: { key: string; calls: number }) => [g.key, g.calls])).toEqual([
      ['2026-11-10', 3],
      ['2026-11-11', 1],
    ]);
  });

  it('groups by agent with names, by model and by tool', async () => {
    const byAgent = (await usage('group_by=agent')).json().groups;
    expect(byAgent.map((g: { label: string; calls: number }) => [g.label, g.calls]).sort()).toEqual([
      ['Suporte', 1],
      ['Vendas', 3],
    ]);
    const byModel = (await usage('group_by=model')).json().groups;
    expect(byModel.map((g: { key: string | null; tokens_input: number }) => [g.key, g.tokens_input])).toEqual(
      [
        ['anthropic/claude-haiku', 10],
        ['openai/gpt-4o-mini', 200],
      ],
    );
    const byTool = (await usage('group_by=tool')).json().groups;
    expect(byTool.find((g: { key: string | null }) => g.key === 'web_search').cost_usd).toBe(0.008);
  });

  it('counts only the caller’s client and validates its query', async () => {
    const theirs = (await usage('group_by=day', other.accessToken)).json();
    expect(theirs.totals.cost_usd).toBe(99);
    expect(theirs.totals.calls).toBe(1);
    const bad = await t.request({ method: 'GET', url: '/v1/usage?group_by=week', token: owner.accessToken });
    expect(bad.json().code).toBe('VALIDATION_ERROR');
    const reversed = await t.request({
      method: 'GET',
      url: '/v1/usage?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z',
      token: owner.accessToken,
    });
    expect(reversed.statusCode).toBe(400);
  });

  it('refuses a range before the year 1000 with 400 (year 0 reached Postgres and answered 500)', async () => {
    for (const query of ['from=0000-02-29T20:00:00Z', 'to=0000-01-01T00:00:00Z']) {
      const response = await t.request({
        method: 'GET',
        url: `/v1/usage?${query}`,
        token: owner.accessToken,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('VALIDATION_ERROR');
    }
  });
});

describe('GET /v1/usage?group_by=tool after a chat that used the calculator', () => {
  let t: TestApp;
  let owner: TestSession;

  beforeAll(async () => {
    t = await createTestApp(pglite, { models: { offline: { chunkDelayMs: 0 } } });
    owner = await t.signup();
    const agent = await t.createAgent(owner.accessToken, {
      name: 'Contas',
      system_prompt: 'x',
      model: 'offline/renum',
      tools: [{ name: 'calculator' }],
    });
    const conversationId = await t.openConversation(owner.accessToken, agent.id);
    const answer = await t.ask(owner.accessToken, conversationId, 'Calcule 12 * (3 + 4)', { stream: true });
    expect(answer.body).toContain('"tool":"calculator"');
  });
  afterAll(async () => t?.close());

  it('lists the built-in tool the run called, free, and no model calls as a tool without a name', async () => {
    const report = (
      await t.request({ method: 'GET', url: '/v1/usage?group_by=tool', token: owner.accessToken })
    ).json();
    // Before the fix a built-in's call wrote no ledger row, so the only group was the model calls' (null).
    expect(report.groups).toEqual([
      {
        key: 'calculator',
        label: 'calculator',
        calls: 1,
        tokens_input: 0,
        tokens_output: 0,
        total_tokens: 0,
        cost_usd: 0,
      },
    ]);
    const byModel = (
      await t.request({ method: 'GET', url: '/v1/usage?group_by=model', token: owner.accessToken })
    ).json();
    expect(
      byModel.groups.find((g: { key: string | null }) => g.key === 'offline/renum').calls,
    ).toBeGreaterThan(0);
  });
});
