import { withClient } from '@renum/db';
import { readStampedSettings, settingsForRun, settingsFreshMs } from '@renum/platform';
import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;
const offline = 'offline/renum';

/** Settings whose price override for the offline model is `input` USD per million input tokens. */
const priced = (input: number, base_version: number) => ({
  default_plan: null,
  enabled_models: null,
  price_overrides: { [offline]: { input_per_million: input, output_per_million: input } },
  features: {},
  base_version,
});

// ADR 0063: a run takes the settings version its preparation read, from the process's memory.
describe('platform settings remembered by version (ADR 0063)', () => {
  let t: TestApp;
  let admin: TestSession;
  let version = 0;
  const setPrice = async (input: number) => {
    const answer = await t.request({
      method: 'PUT',
      url: '/v1/admin/settings',
      token: admin.accessToken,
      body: priced(input, version),
    });
    expect(answer.statusCode).toBe(200);
    version += 1;
  };
  beforeAll(async () => {
    // An `api` process: a send leaves its run queued, so the test decides when it is claimed.
    t = await createTestApp(pglite, { worker: false });
    admin = await t.platformAdmin();
  });
  afterAll(async () => t?.close());

  it('serves the version a run saw from memory within the bound, and reads again after it', async () => {
    const owner = await t.signup();
    await setPrice(1);
    const seenAt = new Date();
    const read = await withClient(t.deps.db, owner.clientId, readStampedSettings);
    expect(read.stamp).toMatch(new RegExp(`^${version}@\\d+$`));
    const seen = { stamp: read.stamp, readAt: seenAt };
    const options = { clientId: owner.clientId, seen };
    expect((await settingsForRun(t.deps, options)).version).toBe(version); // read, then remembered
    await setPrice(2);
    // A run prepared just before the change keeps what its preparation saw (no read: from memory)...
    const remembered = await settingsForRun({ ...t.deps, clock: () => seenAt }, options);
    expect([remembered.version, remembered.priceOverrides[offline]?.input_per_million]).toEqual([
      version - 1,
      1,
    ]);
    // ...but not once the bound has passed since it saw it, nor without a stamp: the version in force.
    const later = () => new Date(seenAt.getTime() + settingsFreshMs + 1);
    expect((await settingsForRun({ ...t.deps, clock: later }, options)).version).toBe(version);
    expect((await settingsForRun(t.deps, { clientId: owner.clientId, seen: undefined })).version).toBe(
      version,
    );
    // No version was in force when the run was prepared: nothing to read, within the bound.
    const none = { stamp: null, readAt: seenAt };
    expect(
      (await settingsForRun({ ...t.deps, clock: () => seenAt }, { ...options, seen: none })).version,
    ).toBe(0);
    expect((await settingsForRun({ ...t.deps, clock: later }, { ...options, seen: none })).version).toBe(
      version,
    );
  });

  it('meters a run whose job waited with the version in force at its claim, not at its send', async () => {
    const started = await t.startConversation({ name: 'Priced', system_prompt: 'Help.' });
    await setPrice(3);
    const sent = await t.ask(started.owner.accessToken, started.conversationId, 'hello there', {
      stream: false,
    });
    expect(sent.statusCode).toBeLessThan(300);
    const runId = sent.json().run_id as string;
    // The send offered this process its context (with the version it saw); the price changes meanwhile.
    await setPrice(4);
    expect(await t.manager.execute({ clientId: started.owner.clientId, runId, attempt: 1 })).toBe('settled');
    const rows = await t.handle.query<{ price_version: string }>(
      `select price_version from renum_ai_usage_logs where run_id = $1 and kind = 'model'`,
      [runId],
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.price_version).toMatch(new RegExp(`\\+settings\\.${version}$`));
  });
});
