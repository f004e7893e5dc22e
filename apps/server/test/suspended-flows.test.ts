import { approvalRequests, runs, teamAgentExecutions, withPlatform } from '@renum/db';
import { testDatabaseTargets } from '@renum/testing';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const target = testDatabaseTargets()[1]!;

/** Polls `read` until `done` holds (generous: the machine may be loaded). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  let value = await read();
  for (let attempt = 0; attempt < 600 && !done(value); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  if (!done(value)) throw new Error(`${what}: ${JSON.stringify(value)}`);
  return value;
}

describe.skipIf(target.skipReason !== null)('suspended runs in team steps and schedules (issue 15)', () => {
  let t: TestApp;
  let owner: TestSession;
  let cashier: string;
  beforeAll(async () => {
    t = await createTestApp(target);
    owner = await t.signup();
    cashier = (
      await t.createAgent(owner.accessToken, {
        name: 'Caixa',
        system_prompt: 'You calculate.',
        model: 'offline/renum',
        tools: [{ name: 'calculator', critical: true }],
      })
    ).id;
  });
  afterAll(async () => t?.close());

  const api = (method: 'GET' | 'POST', url: string, body?: unknown, token = owner.accessToken) =>
    t.request({ method, url, token, ...(body === undefined ? {} : { body }) });
  const createTeam = async (prompt?: string) => {
    const created = await api('POST', '/v1/teams', {
      name: 'Contas',
      workflow_definition: {
        type: 'sequential',
        agents: [{ agent_id: cashier, role: 'cashier', input: { source: 'initial_prompt' } }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    return { teamId: created.json().id as string, prompt };
  };
  const execution = async (id: string) => (await api('GET', `/v1/team-executions/${id}`)).json();
  const pendingOfRun = (runId: string) =>
    withPlatform(t.deps.db, (tx) =>
      tx.select().from(approvalRequests).where(eq(approvalRequests.run_id, runId)),
    );

  it('a team step whose agent calls a critical tool suspends; approval resumes the same run and the execution completes', async () => {
    const { teamId } = await createTeam();
    const started = await api('POST', `/v1/teams/${teamId}/executions`, {
      initial_prompt: 'calculate 12 * 12',
    });
    expect(started.statusCode, started.body).toBe(202);
    const executionId = started.json().execution_id as string;
    // The step's run ends suspended; the step stays running and holds no job.
    const step = await until(
      () =>
        withPlatform(t.deps.db, (tx) =>
          tx
            .select({ step: teamAgentExecutions, run: runs })
            .from(teamAgentExecutions)
            .innerJoin(runs, eq(runs.id, teamAgentExecutions.run_id))
            .where(eq(teamAgentExecutions.execution_id, executionId)),
        ),
      (rows) => rows[0]?.run.status === 'suspended',
      'the step run never suspended',
    );
    const runId = step[0]!.run.id;
    expect(step[0]!.step.status).toBe('running');
    expect((await execution(executionId)).status).toBe('running');
    const [request] = await pendingOfRun(runId);
    expect(request).toMatchObject({ tool: 'calculator', status: 'pending' });
    const decided = await api('POST', `/v1/approvals/${request!.id}/decision`, { decision: 'approve' });
    expect(decided.statusCode, decided.body).toBe(200);
    const done = await until(
      () => execution(executionId),
      (value) => value.status !== 'running' && value.status !== 'pending',
      'the execution did not finish',
    );
    expect(done.status).toBe('completed');
    expect(done.steps[0].status).toBe('completed');
    const [run] = await withPlatform(t.deps.db, (tx) => tx.select().from(runs).where(eq(runs.id, runId)));
    expect(run).toMatchObject({ status: 'completed', suspensions: 1 });
    // One run for the step (the same went on), and the call ran once, with its result.
    const stepRuns = await withPlatform(t.deps.db, (tx) =>
      tx.select().from(runs).where(eq(runs.execution_id, executionId)),
    );
    expect(stepRuns).toHaveLength(1);
    const [carried] = await pendingOfRun(runId);
    expect(carried).toMatchObject({ execution_status: 'executed' });
    expect(JSON.stringify(carried!.result)).toContain('144');
  });

  it('a team schedule starts an execution per tick, shown in its history; another client’s team is 404', async () => {
    const { teamId } = await createTeam();
    const other = await t.signup();
    const foreign = await api(
      'POST',
      '/v1/schedules',
      {
        name: 'Fechamento',
        cron: '0 18 * * *',
        target: { type: 'team', team_id: teamId, prompt: 'sum 1 + 1' },
      },
      other.accessToken,
    );
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('TEAM_NOT_FOUND');
    const created = await api('POST', '/v1/schedules', {
      name: 'Fechamento',
      cron: '0 18 * * *',
      timezone: 'America/Sao_Paulo',
      target: { type: 'team', team_id: teamId, prompt: 'Say hello to the team' },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().target).toEqual({ type: 'team', team_id: teamId, prompt: 'Say hello to the team' });
    const id = created.json().id as string;
    expect((await api('POST', `/v1/schedules/${id}/run`)).statusCode).toBe(202);
    const history = await until(
      async () => (await api('GET', `/v1/schedules/${id}/executions`)).json().data,
      (rows: Array<Record<string, unknown>>) => rows[0]?.execution_status === 'completed',
      'the scheduled team execution did not complete',
    );
    expect(history[0]).toMatchObject({ trigger: 'manual', status: 'started', run_id: null });
    const executionId = history[0]!.execution_id as string;
    const started = await execution(executionId);
    expect(started).toMatchObject({ team_id: teamId, status: 'completed' });
  });

  it('a scheduled run waiting for approval does not block the next tick (overlap: skip)', async () => {
    const created = await api('POST', '/v1/schedules', {
      name: 'Cobrança',
      cron: '0 9 * * *',
      overlap_policy: 'skip',
      target: { type: 'agent', agent_id: cashier, prompt: 'calculate 20 * 5' },
    });
    const id = created.json().id as string;
    await api('POST', `/v1/schedules/${id}/run`);
    const first = await until(
      async () => (await api('GET', `/v1/schedules/${id}/executions`)).json().data,
      (rows: Array<Record<string, unknown>>) => rows[0]?.run_status === 'suspended',
      'the scheduled run did not suspend',
    );
    expect(first).toHaveLength(1);
    await api('POST', `/v1/schedules/${id}/run`);
    const second = await until(
      async () => (await api('GET', `/v1/schedules/${id}/executions`)).json().data,
      (rows: Array<Record<string, unknown>>) => rows.length === 2 && rows[0]?.run_status === 'suspended',
      'the second tick did not run',
    );
    expect(second.map((row) => row.status)).toEqual(['started', 'started']);
    const ids = second.map((row) => row.run_id as string);
    const stored = await withPlatform(t.deps.db, (tx) =>
      tx.select().from(runs).where(eq(runs.status, 'suspended')).orderBy(asc(runs.id)),
    );
    expect(stored.map((run) => run.id)).toEqual(expect.arrayContaining(ids));
  });
});
