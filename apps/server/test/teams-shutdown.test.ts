import { runEvents, runs, teamAgentExecutions, withPlatform } from '@renum/db';
import { startFakeOpenAI, testDatabaseTargets } from '@renum/testing';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const postgres = testDatabaseTargets()[1]!;

// Found on issue 14's walk: a server stopped (SIGTERM) during a team step interrupted the step's run at
// the end of its grace period, then started the step's next attempt right there, on the process that was
// stopping; that run was cut off again when the process gave up waiting and exited with an error.
describe.skipIf(postgres.skipReason !== null)('a team step interrupted by a stopping process', () => {
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let t: TestApp;
  let replacement: TestApp | undefined;
  let owner: TestSession;
  let thinkTimeMs = 3000;

  beforeAll(async () => {
    fake = await startFakeOpenAI({
      apiKey: 'sk-platform-test',
      respond: () => ({ text: 'devagar', thinkTimeMs }),
    });
    t = await createTestApp(postgres, {
      models: { openai: { apiKey: 'sk-platform-test', baseURL: fake.baseURL } },
    });
    owner = await t.signup();
  });

  afterAll(async () => {
    await replacement?.close();
    await t?.close();
    await fake?.close();
  });

  it('leaves the step’s next attempt to another process, which announces its new run as a first attempt', async () => {
    const agent = await t.createAgent(owner.accessToken, {
      name: 'Lento',
      model: 'openai/gpt-4o-mini',
      system_prompt: 'Você é lento.',
      fallback_models: [],
    });
    const team = await t.request({
      method: 'POST',
      url: '/v1/teams',
      token: owner.accessToken,
      body: {
        name: 'Equipe',
        workflow_definition: { type: 'sequential', agents: [{ agent_id: agent.id, role: 'slow' }] },
      },
    });
    expect(team.statusCode, team.body).toBe(201);
    const started = await t.request({
      method: 'POST',
      url: `/v1/teams/${team.json().id}/executions`,
      token: owner.accessToken,
      body: { initial_prompt: 'devagar' },
    });
    const executionId = started.json().execution_id as string;
    const stepRuns = () =>
      withPlatform(t.deps.db, (tx) => tx.select().from(runs).where(eq(runs.execution_id, executionId)));
    for (let tries = 0; tries < 250; tries++) {
      const [current] = await stepRuns();
      if (current?.status === 'running' && t.manager.isActive(current.id)) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // What the server does on SIGTERM (main.ts, shutdown.ts): no new job claimed, the runs drain, and at
    // the end of the grace period those still going are interrupted.
    const jobsStopped = t.jobs.stop({ graceMs: 1500 });
    void t.manager.drain();
    expect(await t.manager.interrupt()).toHaveLength(1);
    await jobsStopped;

    const [interrupted, ...others] = await stepRuns();
    expect(others).toEqual([]);
    expect(interrupted).toMatchObject({ status: 'failed', error_code: 'INTERRUPTED' });
    // The step waits for its next attempt, which the job's retry starts on a process that stays up.
    const [step] = await withPlatform(t.deps.db, (tx) =>
      tx.select().from(teamAgentExecutions).where(eq(teamAgentExecutions.execution_id, executionId)),
    );
    expect(step).toMatchObject({ status: 'running', run_id: null, attempts: 1 });

    // Another process takes the job's retry: the step's second run is new, stored claimed by that process
    // and executed there, so it is announced as a first attempt, not as an interrupted answer resumed.
    thinkTimeMs = 0;
    replacement = await createTestApp(postgres, {
      models: { openai: { apiKey: 'sk-platform-test', baseURL: fake.baseURL } },
    });
    for (let tries = 0; tries < 500; tries++) {
      const all = await stepRuns();
      if (all.length === 2 && all.every((run) => run.status === 'completed')) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const second = (await stepRuns()).find((run) => run.id !== interrupted!.id);
    const rows = await withPlatform(t.deps.db, (tx) =>
      tx.select().from(runEvents).where(eq(runEvents.run_id, second!.id)).orderBy(asc(runEvents.seq)),
    );
    // A row may hold several events (ADR 0028): its payload is then their array.
    const announced = rows.flatMap(({ payload }) => (Array.isArray(payload) ? payload : [payload]))[0];
    expect(announced).toMatchObject({ type: 'status', content_code: 'run.processing' });
    expect(announced).not.toHaveProperty('resumed');
    expect(second).toMatchObject({ status: 'completed', claims: 1 }); // no claim besides its creation's
  }, 30_000);
});
