import { runs, usageLogs, withClient } from '@renum/db';
import { type FakeSuna, startFakeSuna, testDatabaseTargets } from '@renum/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const SUNA_KEY = 'pk_renum:sk_renum';

function eventsOf(body: string): Array<Record<string, unknown> & { type: string }> {
  return body
    .split('\n\n')
    .flatMap((block) => block.split('\n').filter((line) => line.startsWith('data: ')))
    .map((line) => JSON.parse(line.slice(6)));
}

// One target is enough: the executor's database work (links, settlement) is the same SQL on both.
const [target] = testDatabaseTargets();

describe.skipIf(!target || target.skipReason !== null)('an agent on the suna executor', () => {
  let suna: FakeSuna;
  let t: TestApp;
  let owner: TestSession;

  beforeAll(async () => {
    suna = await startFakeSuna({ apiKey: SUNA_KEY, threadReadsRequireJwt: true });
    t = await createTestApp(target!, {
      suna: { url: suna.url, apiKey: SUNA_KEY, jwt: SUNA_KEY, toolsUrl: 'http://127.0.0.1:1' },
    });
    owner = await t.signup();
  });
  afterAll(async () => {
    await t?.close();
    await suna?.close();
  });

  it('chats through Suna with the same events, one thread per conversation, and usage in the ledger', async () => {
    const agent = await t.createAgent(owner.accessToken, {
      name: 'Na Suna',
      system_prompt: 'Você responde pela Suna.',
      model: 'openai/gpt-4o-mini',
      executor: 'suna',
    });
    expect(agent.executor).toBe('suna');
    const conversationId = await t.openConversation(owner.accessToken, agent.id);
    suna.enqueueRun({ text: 'Olá pela Suna.' }, { text: 'Segunda resposta.' });
    const first = eventsOf((await t.ask(owner.accessToken, conversationId, 'Oi')).body);
    expect(first.map((event) => event.type)).toContain('content');
    const complete = first.at(-1);
    expect(complete).toMatchObject({ type: 'complete', content: 'Olá pela Suna.' });
    const runId = String(complete?.run_id);
    const second = eventsOf((await t.ask(owner.accessToken, conversationId, 'De novo')).body);
    expect(second.at(-1)).toMatchObject({ type: 'complete', content: 'Segunda resposta.' });
    // One Suna thread for the conversation, one Suna agent with the agent's prompt.
    expect(suna.threads.size).toBe(1);
    expect(
      [...suna.agents.values()].map((row) => row.system_prompt.includes('Você responde pela Suna.')),
    ).toEqual([true]);
    const rows = await withClient(t.deps.db, owner.clientId, async (tx) => ({
      run: (await tx.select().from(runs).where(eq(runs.id, runId)))[0],
      ledger: await tx.select().from(usageLogs).where(eq(usageLogs.run_id, runId)),
    }));
    expect(rows.run).toMatchObject({ executor: 'suna', status: 'completed' });
    expect(rows.ledger).toHaveLength(1);
    expect(rows.ledger[0]).toMatchObject({
      model_provider: 'openai',
      model_name: 'gpt-4o-mini',
      request_data: { executor: 'suna' },
    });
    expect(Number(rows.ledger[0]?.cost_usd)).toBeGreaterThan(0);
    const usage = await t.request({
      method: 'GET',
      url: '/v1/usage?group_by=model',
      token: owner.accessToken,
    });
    expect(usage.json().totals.total_tokens).toBeGreaterThan(0);
  });

  it('maps Suna refusing the run (402) to an EXECUTOR_LIMIT error event', async () => {
    const agent = await t.createAgent(owner.accessToken, {
      name: 'Sem créditos',
      system_prompt: 'x',
      model: 'openai/gpt-4o-mini',
      executor: 'suna',
    });
    const conversationId = await t.openConversation(owner.accessToken, agent.id);
    suna.enqueue({ match: { method: 'POST', path: '/v1/agent/start' }, status: 402 });
    const events = eventsOf((await t.ask(owner.accessToken, conversationId, 'Oi')).body);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'EXECUTOR_LIMIT' });
    expect(String(events.at(-1)?.error)).toContain('INSUFFICIENT_CREDITS');
  });
  it('lets a platform admin check Suna, and nobody else', async () => {
    const admin = await t.platformAdmin();
    const ok = await t.request({
      method: 'GET',
      url: '/v1/admin/executors/suna/health',
      token: admin.accessToken,
    });
    expect(ok.json()).toMatchObject({ executor: 'suna', status: 'ok', error: null });
    suna.enqueue(
      { match: { path: '/v1/health' }, status: 503 },
      { match: { path: '/v1/health' }, status: 503 },
      { match: { path: '/v1/health' }, status: 503 },
    );
    const down = await t.request({
      method: 'GET',
      url: '/v1/admin/executors/suna/health',
      token: admin.accessToken,
    });
    expect(down.json()).toMatchObject({ status: 'unavailable', error: expect.any(String) });
    const member = await t.request({
      method: 'GET',
      url: '/v1/admin/executors/suna/health',
      token: owner.accessToken,
    });
    expect(member.statusCode).toBe(403);
  });

  // Refusing `executor: suna` where Suna is not configured: durable-runs.test.ts (PATCH answers 400).
});
