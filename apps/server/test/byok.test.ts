import type { ExecutorStartInput } from '@renum/runtime';
import { startFakeOpenAI, testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;
const clientKey = 'sk-client-OWN-KEY-5e8d2c';

describe('bring your own model key', () => {
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let t: TestApp;
  let owner: TestSession;

  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: clientKey });
    // The platform knows where OpenAI is but has no key of its own.
    t = await createTestApp(pglite, { models: { openai: { baseURL: fake.baseURL } } });
    owner = await t.signup();
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it('refuses without a key, then calls the provider with the client’s own key and meters it as client usage', async () => {
    const agent = await t.createAgent(owner.accessToken, {
      name: 'B',
      system_prompt: 'x',
      model: 'openai/gpt-4o-mini',
    });
    const conversationId = await t.openConversation(owner.accessToken, agent.id);
    const ask = () =>
      t.request({
        method: 'POST',
        url: `/v1/conversations/${conversationId}/messages`,
        token: owner.accessToken,
        headers: { accept: 'text/event-stream' },
        body: { content: 'Olá' },
      });
    const refused = await ask();
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'MODEL_NOT_CONFIGURED', provider: 'openai' });

    await t.request({
      method: 'POST',
      url: '/v1/credentials',
      token: owner.accessToken,
      body: { service: 'openai', name: 'own', secret: { api_key: clientKey } },
    });
    // What the executor is given: a source of the key for the model's requests, never the key itself.
    const given: ExecutorStartInput[] = [];
    const builtin = t.run.executor;
    t.run.executor = {
      ...builtin,
      start: (input) => {
        given.push(input);
        return builtin.start(input);
      },
    };
    const answered = await ask();
    t.run.executor = builtin;
    expect(given).toHaveLength(1);
    expect(typeof given[0]!.credentials?.clientKey).toBe('function');
    expect(JSON.stringify(given[0])).not.toContain(clientKey);
    expect(answered.statusCode).toBe(200);
    expect(answered.body).toContain('event: complete');
    expect(answered.body).not.toContain(clientKey);
    expect(fake.requests.at(-1)!.headers.authorization).toBe(`Bearer ${clientKey}`);
    const ledger = await t.handle.query<{ api_key_type: string }>(
      'select api_key_type from renum_ai_usage_logs where conversation_id = $1',
      [conversationId],
    );
    expect(ledger.map((row) => row.api_key_type)).toEqual(['client']);
    const stored = await t.handle.query<{ dump: string }>(
      'select (select json_agg(e)::text from run_events e) || (select json_agg(m)::text from messages m) as dump',
    );
    expect(stored[0]!.dump).not.toContain(clientKey);
  });
});
