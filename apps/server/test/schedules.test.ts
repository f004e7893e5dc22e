import { runs, schedules, withPlatform } from '@renum/db';
import { dispatchDueSchedules, runScheduleTick } from '@renum/platform';
import { testDatabaseTargets } from '@renum/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

// Postgres: two dispatchers really run at once on two connections (PGlite has one).
const target = testDatabaseTargets()[1]!;

describe.skipIf(target.skipReason !== null)('schedules (issue 15)', () => {
  let t: TestApp;
  let owner: TestSession;
  let agentId: string;
  beforeAll(async () => {
    t = await createTestApp(target);
    owner = await t.signup();
    agentId = (
      await t.createAgent(owner.accessToken, {
        name: 'Relatórios',
        system_prompt: 'Você resume o dia.',
        model: 'offline/renum',
      })
    ).id;
  });
  afterAll(async () => t?.close());

  const create = (body: Record<string, unknown>, token = owner.accessToken) =>
    t.request({
      method: 'POST',
      url: '/v1/schedules',
      token,
      body: { name: 'Resumo', target: { type: 'agent', agent_id: agentId, prompt: 'Resuma o dia' }, ...body },
    });

  /** The schedule's next tick, set by hand (the dispatcher starts from it). */
  const setNextFire = (id: string, at: Date, anchor?: Date) =>
    withPlatform(t.deps.db, (tx) =>
      tx
        .update(schedules)
        .set({ next_fire_at: at, ...(anchor ? { anchor_at: anchor } : {}) })
        .where(eq(schedules.id, id)),
    );

  /** A dispatcher on `clock` whose enqueues are recorded (tick keys), nothing run. */
  const recordingDispatch = (clock: () => Date, keys: string[]) => () =>
    dispatchDueSchedules({
      db: t.deps.db,
      clock,
      jobs: {
        async enqueue(_tx, _job, payload, options) {
          keys.push(options?.idempotencyKey ?? '');
          return { id: String(payload), queue: 'schedules', created: true, runAt: options?.runAt ?? clock() };
        },
      },
    });

  /** The schedule's history once its newest execution's run has completed (up to 20 s on a loaded machine). */
  const settledHistory = async (id: string) => {
    let history: Array<Record<string, unknown>> = [];
    for (let attempt = 0; attempt < 400; attempt += 1) {
      history = (
        await t.request({ method: 'GET', url: `/v1/schedules/${id}/executions`, token: owner.accessToken })
      ).json().data;
      if (history[0]?.run_status === 'completed') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return history;
  };

  const ticksOf = (keys: string[], id: string) =>
    keys.filter((key) => key.startsWith(`schedule:${id}:`)).map((key) => key.slice(`schedule:${id}:`.length));

  it('creates a cron schedule in the client time zone and answers its next five fire times', async () => {
    const response = await create({ cron: '0 18 * * *', timezone: 'America/Sao_Paulo' });
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created).toMatchObject({
      client_id: owner.clientId,
      cron: '0 18 * * *',
      interval_seconds: null,
      timezone: 'America/Sao_Paulo',
      enabled: true,
      missed_policy: 'run_once',
      overlap_policy: 'skip',
      target: { type: 'agent', agent_id: agentId, prompt: 'Resuma o dia' },
    });
    // 18:00 in São Paulo (UTC−3, no daylight saving since 2019) is 21:00 UTC, every day.
    expect(created.next_fire_times).toHaveLength(5);
    for (const time of created.next_fire_times) expect(time).toMatch(/T21:00:00\.000Z$/);
    expect(created.next_fire_at).toBe(created.next_fire_times[0]);
    const fetched = await t.request({
      method: 'GET',
      url: `/v1/schedules/${created.id}`,
      token: owner.accessToken,
    });
    expect(fetched.json()).toEqual(created);
  });

  it('refuses a bad cron expression, an unknown time zone, both timings or neither, and changes nothing', async () => {
    const before = (
      await t.request({ method: 'GET', url: '/v1/schedules?limit=100', token: owner.accessToken })
    ).json();
    for (const body of [
      { cron: '61 * * * *' },
      { cron: '* * *' },
      { cron: '0 0 1 1 * 2030' },
      { cron: '0 18 * * *', timezone: 'America/Atlantida' },
      { cron: '0 18 * * *', interval_seconds: 3600 },
      {},
      { interval_seconds: 10 },
    ]) {
      const response = await create(body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().code).toBe('VALIDATION_ERROR');
    }
    const after = (
      await t.request({ method: 'GET', url: '/v1/schedules?limit=100', token: owner.accessToken })
    ).json();
    expect(after.data).toHaveLength(before.data.length);
  });

  it('previews the fire times of an interval without storing anything', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/v1/schedules/preview',
      token: owner.accessToken,
      body: { interval_seconds: 3600 },
    });
    expect(response.statusCode).toBe(200);
    const times = response.json().next_fire_times.map((time: string) => Date.parse(time));
    expect(times).toHaveLength(5);
    expect(times[1] - times[0]).toBe(3_600_000);
  });

  it('pauses (no fire times, no ticks) and resumes from the next tick', async () => {
    const { id } = (await create({ interval_seconds: 600 })).json();
    const paused = await t.request({
      method: 'POST',
      url: `/v1/schedules/${id}/pause`,
      token: owner.accessToken,
    });
    expect(paused.json()).toMatchObject({ enabled: false, next_fire_at: null, next_fire_times: [] });
    const keys: string[] = [];
    await recordingDispatch(() => new Date(Date.now() + 86_400_000), keys)();
    expect(ticksOf(keys, id)).toEqual([]);
    const resumed = await t.request({
      method: 'POST',
      url: `/v1/schedules/${id}/resume`,
      token: owner.accessToken,
    });
    expect(resumed.json().enabled).toBe(true);
    expect(Date.parse(resumed.json().next_fire_at)).toBeGreaterThan(Date.now());
    expect(resumed.json().next_fire_times).toHaveLength(5);
  });

  it("answers 404 for another client's schedules and refuses another client's agent", async () => {
    const { id } = (await create({ cron: '0 9 * * 1-5' })).json();
    const other = await t.signup();
    for (const [method, url] of [
      ['GET', `/v1/schedules/${id}`],
      ['PATCH', `/v1/schedules/${id}`],
      ['POST', `/v1/schedules/${id}/pause`],
      ['POST', `/v1/schedules/${id}/run`],
      ['GET', `/v1/schedules/${id}/executions`],
      ['DELETE', `/v1/schedules/${id}`],
    ] as const) {
      const response = await t.request({
        method,
        url,
        token: other.accessToken,
        ...(method === 'PATCH' ? { body: { name: 'x' } } : {}),
      });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().code).toBe('SCHEDULE_NOT_FOUND');
    }
    const list = await t.request({ method: 'GET', url: '/v1/schedules', token: other.accessToken });
    // Only its own: the built-in jobs every client is seeded with (ADR 0049), in either order (both are
    // created by one statement, so their ids may fall either way).
    const jobs = list.json().data.map((row: { target: { type: string; job?: string } }) => row.target);
    expect(jobs).toHaveLength(2);
    expect(jobs).toEqual(
      expect.arrayContaining([
        { type: 'builtin', job: 'cleanup' },
        { type: 'builtin', job: 'budget_check' },
      ]),
    );
    const stolen = await create({ cron: '0 9 * * *' }, other.accessToken);
    expect(stolen.statusCode).toBe(404);
    expect(stolen.json().code).toBe('AGENT_NOT_FOUND');
    const still = await t.request({ method: 'GET', url: `/v1/schedules/${id}`, token: owner.accessToken });
    expect(still.json().name).toBe('Resumo');
  });

  it('runs now: the tick starts a metered run of the agent, visible in the history with its run', async () => {
    const { id } = (await create({ cron: '0 3 * * *' })).json();
    const started = await t.request({
      method: 'POST',
      url: `/v1/schedules/${id}/run`,
      token: owner.accessToken,
    });
    expect(started.statusCode).toBe(202);
    const history = await settledHistory(id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ trigger: 'manual', status: 'started', run_status: 'completed' });
    const run = await t.request({
      method: 'GET',
      url: `/v1/runs/${history[0]!.run_id}`,
      token: owner.accessToken,
    });
    expect(run.json()).toMatchObject({ status: 'completed', agent_id: agentId });
  });

  it('hands each of 100 ticks over exactly once with two dispatchers running at once', async () => {
    const { id } = (await create({ interval_seconds: 60 })).json();
    const start = new Date('2030-01-01T00:00:00.000Z');
    await setNextFire(id, start, start);
    const keys: string[] = [];
    let now = start;
    const clock = () => now;
    const first = recordingDispatch(clock, keys);
    const second = recordingDispatch(clock, keys);
    for (let tick = 0; tick < 100; tick += 1) {
      now = new Date(start.getTime() + tick * 60_000 + 500);
      await Promise.all([first(), second(), first()]);
    }
    const ticks = ticksOf(keys, id);
    expect(ticks).toHaveLength(100);
    expect(new Set(ticks).size).toBe(100);
    expect(ticks[99]).toBe('2030-01-01T01:39:00.000Z');
  });

  it('after downtime runs missed ticks once (run_once) or not at all (skip), then goes on from now', async () => {
    const start = new Date('2030-02-01T00:00:00.000Z');
    const back = new Date(start.getTime() + 10 * 3_600_000 + 30_000); // ten hourly ticks later
    const results: Record<string, string[]> = {};
    for (const policy of ['run_once', 'skip'] as const) {
      const { id } = (await create({ interval_seconds: 3600, missed_policy: policy })).json();
      await setNextFire(id, start, start);
      const keys: string[] = [];
      await recordingDispatch(() => back, keys)();
      results[policy] = ticksOf(keys, id);
      const [row] = await withPlatform(t.deps.db, (tx) =>
        tx.select().from(schedules).where(eq(schedules.id, id)),
      );
      expect(row!.next_fire_at!.toISOString()).toBe('2030-02-01T11:00:00.000Z');
    }
    // The 10:00 tick is 30 s late: on time. The nine before it are missed.
    expect(results.run_once).toEqual(['2030-02-01T10:00:00.000Z']);
    expect(results.skip).toEqual(['2030-02-01T10:00:00.000Z']);
    const late = new Date(start.getTime() + 10 * 3_600_000 + 120_000); // every tick more than a minute late
    for (const [policy, expected] of [
      ['run_once', ['2030-02-01T10:00:00.000Z']],
      ['skip', []],
    ] as const) {
      const { id } = (await create({ interval_seconds: 3600, missed_policy: policy })).json();
      await setNextFire(id, start, start);
      const keys: string[] = [];
      await recordingDispatch(() => late, keys)();
      expect(ticksOf(keys, id), policy).toEqual(expected);
    }
  });

  it.each([
    // Spring forward: 02:30 does not exist on 2026-03-08; the job runs once, at 03:00 EDT.
    [
      'America/New_York',
      '30 2 * * *',
      '2026-03-07T00:00:00Z',
      ['2026-03-07T07:30', '2026-03-08T07:00', '2026-03-09T06:30'],
    ],
    // Fall back: 01:30 happens twice on 2026-11-01; the job runs once.
    [
      'America/New_York',
      '30 1 * * *',
      '2026-10-31T00:00:00Z',
      ['2026-10-31T05:30', '2026-11-01T05:30', '2026-11-02T06:30'],
    ],
    // São Paulo's last daylight saving (2018-11-04 00:00 skipped; 2019-02-16 23:00-24:00 twice).
    [
      'America/Sao_Paulo',
      '30 0 * * *',
      '2018-11-03T00:00:00Z',
      ['2018-11-03T03:30', '2018-11-04T03:00', '2018-11-05T02:30'],
    ],
    [
      'America/Sao_Paulo',
      '30 23 * * *',
      '2019-02-15T12:00:00Z',
      ['2019-02-16T01:30', '2019-02-17T01:30', '2019-02-18T02:30'],
    ],
  ])('runs a daily job once per day across a DST change (%s, %s)', async (timezone, cron, from, expected) => {
    const { id } = (await create({ cron, timezone })).json();
    const start = new Date(from);
    const { Cron } = await import('croner');
    await setNextFire(id, new Cron(cron, { timezone, paused: true }).nextRun(start)!);
    const keys: string[] = [];
    let now = start;
    const dispatch = recordingDispatch(() => now, keys);
    for (let step = 0; step < 3 * 96; step += 1) {
      now = new Date(start.getTime() + step * 15 * 60_000);
      await dispatch();
    }
    expect(ticksOf(keys, id).map((tick) => tick.slice(0, 16))).toEqual(expected);
  });

  it('skips a tick while the previous run of the schedule is still going, unless overlap is allowed', async () => {
    const { id } = (await create({ cron: '0 4 * * *' })).json();
    await t.request({ method: 'POST', url: `/v1/schedules/${id}/run`, token: owner.accessToken });
    const runId = (await settledHistory(id))[0]!.run_id as string;
    // The previous run is still going.
    await withPlatform(t.deps.db, (tx) =>
      tx.update(runs).set({ status: 'running' }).where(eq(runs.id, runId)),
    );
    const tick = (at: string) =>
      runScheduleTick(
        { deps: t.deps, run: t.run, manager: t.manager },
        { schedule_id: id, client_id: owner.clientId, tick_at: at, trigger: 'tick' },
      );
    await tick('2030-03-01T04:00:00.000Z');
    await tick('2030-03-01T04:00:00.000Z'); // delivered twice: recorded once
    await t.request({
      method: 'PATCH',
      url: `/v1/schedules/${id}`,
      token: owner.accessToken,
      body: { overlap_policy: 'allow' },
    });
    await tick('2030-03-02T04:00:00.000Z');
    const history = (
      await t.request({ method: 'GET', url: `/v1/schedules/${id}/executions`, token: owner.accessToken })
    ).json().data;
    expect(history.map((row: { tick_at: string; status: string }) => [row.tick_at, row.status])).toEqual([
      ['2030-03-02T04:00:00.000Z', 'started'],
      ['2030-03-01T04:00:00.000Z', 'skipped'],
      [expect.any(String), 'started'],
    ]);
    expect(history[0].run_id).toEqual(expect.any(String));
    await withPlatform(t.deps.db, (tx) =>
      tx.update(runs).set({ status: 'completed' }).where(eq(runs.id, runId)),
    );
    await t.manager.drain();
  });
});
