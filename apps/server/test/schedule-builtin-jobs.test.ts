import { randomUUID } from 'node:crypto';
import { approvalRequests, invitations, notifications, runEvents, runs, withPlatform } from '@renum/db';
import { dispatchDueSchedules, runCleanup, runScheduleTick } from '@renum/platform';
import { testDatabaseTargets } from '@renum/testing';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

// Postgres: the dispatcher and the job worker share it like deployed processes do.
const target = testDatabaseTargets()[1]!;

const day = 86_400_000;

describe.skipIf(target.skipReason !== null)('built-in jobs and scheduled runs (issue 15)', () => {
  let t: TestApp;
  let a: TestSession;
  let b: TestSession;
  let agentA: string;
  let agentB: string;
  /** The platform's clock runs `offset` ms ahead of the real time (ticks, the job worker, rows). */
  let offset = 0;
  beforeAll(async () => {
    t = await createTestApp(target, { clock: () => new Date(Date.now() + offset) });
    a = await t.signup();
    b = await t.signup();
    const agent = (session: TestSession) =>
      t.createAgent(session.accessToken, {
        name: 'Relatórios',
        system_prompt: 'Resuma.',
        model: 'offline/renum',
      });
    agentA = (await agent(a)).id;
    agentB = (await agent(b)).id;
  });
  afterAll(async () => t?.close());

  const api = (session: TestSession, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
    t.request({ method, url, token: session.accessToken, ...(body === undefined ? {} : { body }) });

  const tick = (session: TestSession, scheduleId: string, at: Date) =>
    runScheduleTick(
      { deps: t.deps, run: t.run, manager: t.manager },
      { schedule_id: scheduleId, client_id: session.clientId, tick_at: at.toISOString(), trigger: 'tick' },
    );

  const historyOf = async (session: TestSession, scheduleId: string) =>
    (await api(session, 'GET', `/v1/schedules/${scheduleId}/executions`)).json().data as Array<
      Record<string, unknown>
    >;

  /** The schedule's newest execution once its run has completed (up to 20 s on a loaded machine). */
  async function settled(session: TestSession, scheduleId: string) {
    for (let attempt = 0; attempt < 400; attempt += 1) {
      const [newest] = await historyOf(session, scheduleId);
      if (newest?.run_status === 'completed') return newest;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no completed run: ${JSON.stringify(await historyOf(session, scheduleId))}`);
  }

  const seeded = async (session: TestSession, job: string) => {
    const listed = (await api(session, 'GET', '/v1/schedules')).json().data as Array<{
      id: string;
      cron: string;
      target: { type: string; job?: string };
    }>;
    return listed.find((schedule) => schedule.target.type === 'builtin' && schedule.target.job === job);
  };

  it('every client has the hourly budget check and the clean-up; a daily report needs its own agent', async () => {
    expect(await seeded(a, 'budget_check')).toMatchObject({ cron: '0 * * * *', enabled: true });
    expect(await seeded(a, 'cleanup')).toMatchObject({ cron: '0 3 * * *', enabled: true });
    const budgetB = await seeded(b, 'budget_check');
    expect(budgetB?.id).not.toBe((await seeded(a, 'budget_check'))?.id);
    const foreign = await api(a, 'POST', '/v1/schedules', {
      name: 'Relatório',
      cron: '0 18 * * *',
      target: { type: 'builtin', job: 'daily_report', agent_id: agentB },
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('AGENT_NOT_FOUND');
    const unknown = await api(a, 'POST', '/v1/schedules', {
      name: 'Relatório',
      cron: '0 18 * * *',
      target: { type: 'builtin', job: 'auto_optimize' },
    });
    expect(unknown.statusCode).toBe(400);
    expect((await historyOf(b, budgetB!.id)).length).toBe(0);
  });

  it("the daily report counts its own client's day, is stored once as a notification, and its agent's run is listed with its schedule", async () => {
    const chat = await t.openConversation(a.accessToken, agentA);
    await t.ask(a.accessToken, chat, 'Bom dia');
    for (const text of ['Olá', 'Tudo bem?'])
      await t.ask(b.accessToken, await t.openConversation(b.accessToken, agentB), text);
    await t.manager.drain();
    const created = await api(a, 'POST', '/v1/schedules', {
      name: 'Relatório diário',
      cron: '0 18 * * *',
      timezone: 'America/Sao_Paulo',
      target: { type: 'builtin', job: 'daily_report', agent_id: agentA },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json();
    const at = new Date(Date.now() + 60_000);
    await tick(a, id, at);
    await tick(a, id, at); // delivered twice: one report, one run
    const newest = await settled(a, id);
    const reports = (await api(a, 'GET', '/v1/notifications'))
      .json()
      .data.filter((note: { kind: string }) => note.kind === 'report.daily');
    expect(reports).toHaveLength(1);
    expect(reports[0].payload).toMatchObject({
      conversations: 1,
      runs: { total: 1, completed: 1, failed: 0 },
      errors: [],
      schedule_id: id,
      run_id: newest.run_id,
      period_end: at.toISOString(),
    });
    expect(reports[0].payload.messages).toBeGreaterThanOrEqual(2);
    expect(reports[0].payload.summary).toContain('1 runs: 1 completed');
    expect(newest.result).toMatchObject({ notification_id: reports[0].id, run_id: newest.run_id });
    expect(await historyOf(a, id)).toHaveLength(1);
    // B's day is B's: no report of A's reaches B.
    const notesOfB = (await api(b, 'GET', '/v1/notifications')).json().data;
    expect(notesOfB.some((note: { kind: string }) => note.kind === 'report.daily')).toBe(false);
    // The runs list names the schedule of the report's run, and no schedule for the chat's.
    const listed = (await api(a, 'GET', `/v1/runs?agent_id=${agentA}`)).json().data as Array<{
      id: string;
      conversation_id: string;
      schedule: { id: string; name: string } | null;
    }>;
    expect(listed.find((run) => run.id === newest.run_id)?.schedule).toEqual({
      id,
      name: 'Relatório diário',
    });
    expect(listed.find((run) => run.conversation_id === chat)?.schedule).toBeNull();
    expect((await api(a, 'GET', `/v1/runs/${newest.run_id}`)).json().schedule).toEqual({
      id,
      name: 'Relatório diário',
    });
  });

  it("the clean-up deletes a client's expired data in batches and nothing fresh or of another client", async () => {
    const aged = async (session: TestSession, agentId: string) => {
      const conversationId = await t.openConversation(session.accessToken, agentId);
      await t.ask(session.accessToken, conversationId, 'Olá');
      await t.manager.drain();
      const [run] = await withPlatform(t.deps.db, (tx) =>
        tx.select().from(runs).where(eq(runs.conversation_id, conversationId)),
      );
      const old = new Date(Date.now() - 40 * day);
      await withPlatform(t.deps.db, async (tx) => {
        await tx.update(runs).set({ finished_at: old }).where(eq(runs.id, run!.id));
        // A big backlog: 1,200 more event rows of the old run (more than two batches).
        await tx.execute(sql`
          insert into run_events (stream_id, seq, client_id, run_id, type, payload)
          select ${randomUUID()}::uuid, n, ${session.clientId}::uuid, ${run!.id}::uuid, 'text', '{}'::jsonb
          from generate_series(1, 1200) n`);
        await tx.insert(approvalRequests).values({
          id: randomUUID(),
          client_id: session.clientId,
          agent_id: agentId,
          run_id: run!.id,
          conversation_id: conversationId,
          tool: 'calculator',
          tool_call_id: randomUUID(),
          arguments: { expression: '1500 * 2', card: '4111111111111111' },
          masked_arguments: { expression: '1500 * 2', card: '****' },
          status: 'approved',
          approver_roles: ['owner'],
          approver_user_ids: [],
          escalation_roles: [],
          timeout_seconds: 60,
          deadline_at: old,
          default_outcome: 'reject',
          decided_at: old,
          reported_at: old,
          execution_status: 'executed',
          result: { value: 3000 },
        });
        await tx.insert(notifications).values([
          { id: randomUUID(), client_id: session.clientId, kind: 'test.old', read_at: old },
          { id: randomUUID(), client_id: session.clientId, kind: 'test.fresh', read_at: new Date() },
        ]);
        await tx.insert(invitations).values({
          id: randomUUID(),
          client_id: session.clientId,
          email: `${randomUUID()}@example.com`,
          role: 'member',
          token_hash: randomUUID(),
          expires_at: old,
        });
      });
      return run!.id;
    };
    const oldA = await aged(a, agentA);
    const oldB = await aged(b, agentB);
    const freshA = await t.openConversation(a.accessToken, agentA);
    await t.ask(a.accessToken, freshA, 'Ainda aqui');
    await t.manager.drain();

    const cleanup = await seeded(a, 'cleanup');
    await tick(a, cleanup!.id, new Date(Date.now() + 60_000));
    const [execution] = await historyOf(a, cleanup!.id);
    expect(execution).toMatchObject({ status: 'started', run_id: null });
    expect(execution!.result).toMatchObject({
      approval_requests_redacted: 1,
      invitations: 1,
      notifications: 1,
      retention_days: 30,
    });
    expect((execution!.result as { run_events: number }).run_events).toBeGreaterThan(1200);

    const left = (clientId: string) =>
      withPlatform(t.deps.db, async (tx) => ({
        events: await tx
          .select({ run: runEvents.run_id })
          .from(runEvents)
          .where(eq(runEvents.client_id, clientId)),
        approvals: await tx.select().from(approvalRequests).where(eq(approvalRequests.client_id, clientId)),
        notes: await tx
          .select({ kind: notifications.kind })
          .from(notifications)
          .where(eq(notifications.client_id, clientId)),
        invitations: await tx.select().from(invitations).where(eq(invitations.client_id, clientId)),
      }));
    const ofA = await left(a.clientId);
    expect(ofA.events.some((row) => row.run === oldA)).toBe(false);
    expect(ofA.events.length).toBeGreaterThan(0); // the fresh run keeps its events
    expect(ofA.approvals).toHaveLength(1); // the audit trail stays, redacted
    expect(ofA.approvals[0]).toMatchObject({ arguments: { card: '****' }, result: { redacted: true } });
    expect(ofA.notes.map((note) => note.kind)).not.toContain('test.old');
    expect(ofA.notes.map((note) => note.kind)).toContain('test.fresh');
    expect(ofA.invitations).toHaveLength(0);
    const ofB = await left(b.clientId);
    expect(ofB.events.filter((row) => row.run === oldB).length).toBeGreaterThan(1200);
    expect(ofB.approvals[0]).toMatchObject({
      arguments: { card: '4111111111111111' },
      result: { value: 3000 },
    });
    expect(ofB.notes.map((note) => note.kind)).toContain('test.old');
    expect(ofB.invitations).toHaveLength(1);

    // With an injected clock 31 days on, the fresh run's events have expired too.
    const later = await runCleanup(t.deps.db, { clientId: a.clientId, now: new Date(Date.now() + 31 * day) });
    expect(later.run_events).toBeGreaterThan(0);
    const events = await withPlatform(t.deps.db, (tx) =>
      tx
        .select()
        .from(runEvents)
        .where(and(eq(runEvents.client_id, a.clientId))),
    );
    expect(events.filter((row) => row.run_id !== oldA)).toEqual([]);
  });

  it('a schedule for the next minute: the dispatcher hands its tick to the worker, which runs the agent', async () => {
    const created = await api(a, 'POST', '/v1/schedules', {
      name: 'Cada minuto',
      cron: '* * * * *',
      target: { type: 'agent', agent_id: agentA, prompt: 'Resuma o minuto' },
    });
    const { id, next_fire_times: next } = created.json();
    const fireAt = new Date(next[0]);
    expect(fireAt.getTime()).toBeGreaterThan(Date.now());
    const dispatch = () => dispatchDueSchedules({ db: t.deps.db, jobs: t.jobs, clock: t.deps.clock });
    await dispatch();
    expect(await historyOf(a, id)).toEqual([]); // not yet due
    offset = fireAt.getTime() - Date.now() + 1000; // the clock reaches the next minute
    try {
      await dispatch();
      const newest = await settled(a, id);
      expect(newest).toMatchObject({ trigger: 'tick', status: 'started', tick_at: fireAt.toISOString() });
      const run = (await api(a, 'GET', `/v1/runs/${newest.run_id}`)).json();
      expect(run).toMatchObject({
        status: 'completed',
        agent_id: agentA,
        schedule: { id, name: 'Cada minuto' },
      });
    } finally {
      offset = 0;
    }
  });

  it('a scheduled run waiting for an approval does not block the next tick', async () => {
    const created = await api(a, 'POST', '/v1/schedules', {
      name: 'Aprovações',
      cron: '0 5 * * *',
      overlap_policy: 'skip',
      target: { type: 'agent', agent_id: agentA, prompt: 'Resuma' },
    });
    const { id } = created.json();
    await tick(a, id, new Date('2030-04-01T05:00:00.000Z'));
    const first = await settled(a, id);
    await withPlatform(t.deps.db, (tx) =>
      tx
        .update(runs)
        .set({ status: 'suspended', finished_at: null })
        .where(eq(runs.id, first.run_id as string)),
    );
    await tick(a, id, new Date('2030-04-02T05:00:00.000Z'));
    const [second] = await historyOf(a, id);
    expect(second).toMatchObject({ tick_at: '2030-04-02T05:00:00.000Z', status: 'started' });
    // A run still going does block it (the overlap policy is in force).
    await withPlatform(t.deps.db, (tx) =>
      tx
        .update(runs)
        .set({ status: 'running' })
        .where(eq(runs.id, first.run_id as string)),
    );
    await tick(a, id, new Date('2030-04-03T05:00:00.000Z'));
    expect((await historyOf(a, id))[0]).toMatchObject({
      tick_at: '2030-04-03T05:00:00.000Z',
      status: 'skipped',
    });
    await withPlatform(t.deps.db, (tx) =>
      tx
        .update(runs)
        .set({ status: 'completed' })
        .where(eq(runs.id, first.run_id as string)),
    );
    await t.manager.drain();
  });
});
