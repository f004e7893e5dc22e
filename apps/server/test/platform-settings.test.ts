import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

const offline = 'offline/renum';
const settingsBody = {
  default_plan: 'pro',
  enabled_models: [offline],
  price_overrides: { [offline]: { input_per_million: 1000, output_per_million: 2000 } },
  features: { public_agents: true },
};

describe('platform settings (versioned, audited, in force)', () => {
  let t: TestApp;
  let admin: TestSession;
  let owner: TestSession;
  async function put(body: Record<string, unknown>, token = admin.accessToken) {
    return t.request({ method: 'PUT', url: '/v1/admin/settings', token, body });
  }
  async function version(): Promise<number> {
    const answer = await t.request({ method: 'GET', url: '/v1/admin/settings', token: admin.accessToken });
    return answer.json().current.version;
  }
  beforeAll(async () => {
    t = await createTestApp(pglite);
    admin = await t.platformAdmin();
    owner = await t.signup();
  });
  afterAll(async () => t?.close());

  it('starts at version 0 and sets version 1, audited with the fields changed', async () => {
    const first = await t.request({ method: 'GET', url: '/v1/admin/settings', token: admin.accessToken });
    expect(first.statusCode).toBe(200);
    expect(first.json().current).toMatchObject({ version: 0, default_plan: null, enabled_models: null });
    expect(first.json().available_models).toContain(offline);
    const set = await put({ ...settingsBody, base_version: 0, reason: 'launch' });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ version: 1, default_plan: 'pro', enabled_models: [offline] });
    expect(set.json().price_version).toMatch(/\+settings\.1$/);
    const [audit] = await t.handle.query<{ actor_id: string; data: Record<string, unknown> }>(
      `select actor_id, data from audit_log where action = 'admin.settings.update'`,
    );
    expect(audit).toEqual({
      actor_id: admin.userId,
      data: {
        version: 1,
        changed: ['default_plan', 'enabled_models', 'price_overrides', 'features'],
        reason: 'launch',
      },
    });
  });

  it('refuses a change made on an older version (409) and an unknown plan (400), writing nothing', async () => {
    const stale = await put({ ...settingsBody, default_plan: 'free', base_version: 0 });
    expect([stale.statusCode, stale.json().code, stale.json().version]).toEqual([409, 'CONFLICT', 1]);
    const unknown = await put({ ...settingsBody, default_plan: 'gold', base_version: 1 });
    expect([unknown.statusCode, unknown.json().code]).toEqual([400, 'VALIDATION_ERROR']);
    const badPrice = await put({
      ...settingsBody,
      base_version: 1,
      price_overrides: { [offline]: { input_per_million: -1, output_per_million: 0 } },
    });
    expect(badPrice.statusCode).toBe(400);
    expect(await version()).toBe(1);
    const [count] = await t.handle.query<{ n: number }>(
      'select count(*)::int as n from platform_setting_versions',
    );
    expect(count?.n).toBe(1);
  });

  it('keeps versions as history: the database refuses to rewrite one', async () => {
    await expect(
      t.handle.query(`update platform_setting_versions set default_plan = 'free'`),
    ).rejects.toThrow(/append-only/);
  });

  it('gives new clients the default plan, by signup and by an admin', async () => {
    const signedUp = await t.signup();
    const created = await t.request({
      method: 'POST',
      url: '/v1/admin/clients',
      token: admin.accessToken,
      body: { name: 'Made by the admin' },
    });
    expect(created.json().plan).toBe('pro');
    const [row] = await t.handle.query<{ plan: string }>('select plan from clients where id = $1', [
      signedUp.clientId,
    ]);
    expect(row?.plan).toBe('pro');
  });

  it('refuses a disabled model to a client: in an agent, in the models offered and at send', async () => {
    const refused = await t.request({
      method: 'POST',
      url: '/v1/agents',
      token: owner.accessToken,
      body: { name: 'GPT', system_prompt: 'Help.', model: 'openai/gpt-4o-mini' },
    });
    expect([refused.statusCode, refused.json().code, refused.json().model]).toEqual([
      403,
      'MODEL_NOT_ENABLED',
      'openai/gpt-4o-mini',
    ]);
    const models = await t.request({ method: 'GET', url: '/v1/models', token: owner.accessToken });
    expect(models.json().data.map((model: { id: string }) => model.id)).toEqual([offline]);

    const agent = await t.createAgent(owner.accessToken, { name: 'Offline', system_prompt: 'Help.' });
    const conversationId = await t.openConversation(owner.accessToken, agent.id);
    expect(
      (await put({ ...settingsBody, enabled_models: ['openai/gpt-4o'], base_version: 1 })).statusCode,
    ).toBe(200);
    const send = await t.ask(owner.accessToken, conversationId, 'hello', { stream: false });
    expect([send.statusCode, send.json().code]).toEqual([403, 'MODEL_NOT_ENABLED']);
    const [runs] = await t.handle.query<{ n: number }>(
      'select count(*)::int as n from runs where conversation_id = $1',
      [conversationId],
    );
    expect(runs?.n).toBe(0);
    expect((await put({ ...settingsBody, base_version: 2 })).statusCode).toBe(200);
  });

  it('meters model calls with the price overrides of the version in force', async () => {
    const started = await t.startConversation({ name: 'Priced', system_prompt: 'Help.' });
    const answer = await t.ask(started.owner.accessToken, started.conversationId, 'hello there', {
      stream: false,
    });
    expect(answer.statusCode).toBeLessThan(300);
    await expect
      .poll(
        async () =>
          (
            await t.handle.query<{ status: string }>('select status from runs where conversation_id = $1', [
              started.conversationId,
            ])
          )[0]?.status,
        { timeout: 20_000 },
      )
      .toBe('completed');
    const rows = await t.handle.query<{
      price_version: string;
      cost_usd: string;
      tokens_input: number;
      tokens_output: number;
    }>(
      `select price_version, cost_usd, tokens_input, tokens_output from renum_ai_usage_logs
        where client_id = $1 and kind = 'model'`,
      [started.owner.clientId],
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.price_version).toMatch(/\+settings\.3$/);
      const expected = (row.tokens_input * 1000 + row.tokens_output * 2000) / 1_000_000;
      expect(Number(row.cost_usd)).toBeCloseTo(expected, 6);
      expect(Number(row.cost_usd)).toBeGreaterThan(0);
    }
  });
});
