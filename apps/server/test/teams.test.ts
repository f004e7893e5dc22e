import { jobs, runs as runRows, usageLogs, withPlatform } from '@renum/db';
import { type LlmTurn, startFakeOpenAI, testDatabaseTargets } from '@renum/testing';
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const postgres = testDatabaseTargets()[1]!;

/** The fake model's answer by the agent's system prompt (a marker in it) and the question. */
function respond(body: string, question: string): LlmTurn {
  if (body.includes('ROLE:CLASSIFIER')) {
    if (question.includes('sem categoria')) return { text: '{"priority":"high"}' };
    const category = /fatura|cobran|billing/i.test(question) ? 'billing' : 'technical';
    return { text: `{"category":"${category}"}` };
  }
  if (body.includes('ROLE:SLOW')) return { text: 'devagar', thinkTimeMs: 5000 };
  if (body.includes('ROLE:BROKEN')) return { text: '', streamError: { message: 'upstream exploded' } };
  if (body.includes('ROLE:BILLING')) return { text: 'Resposta do financeiro' };
  if (body.includes('ROLE:TECHNICAL')) return { text: 'Resposta do suporte técnico' };
  return { text: 'ok' };
}

interface StreamedEvent {
  seq: number;
  type: string;
  step_index: number | null;
  run_id: string | null;
  [key: string]: unknown;
}

describe.skipIf(postgres.skipReason !== null)('teams of agents (seed 002)', () => {
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let t: TestApp;
  let owner: TestSession;
  const agents: Record<string, string> = {};

  beforeAll(async () => {
    fake = await startFakeOpenAI({
      apiKey: 'sk-platform-test',
      respond: (info) => respond(JSON.stringify(info.body), info.lastUserText),
    });
    t = await createTestApp(postgres, {
      models: { openai: { apiKey: 'sk-platform-test', baseURL: fake.baseURL } },
    });
    owner = await t.signup();
    const make = async (name: string, model: string, systemPrompt: string) => {
      agents[name] = (
        await t.createAgent(owner.accessToken, {
          name,
          model,
          system_prompt: systemPrompt,
          fallback_models: [],
        })
      ).id;
    };
    await make('researcher', 'offline/renum', 'You research.');
    await make('analyst', 'offline/renum', 'You analyse.');
    await make('writer', 'offline/renum', 'You write.');
    await make('classifier', 'openai/gpt-4o-mini', 'ROLE:CLASSIFIER answer JSON');
    await make('technical', 'openai/gpt-4o-mini', 'ROLE:TECHNICAL');
    await make('billing', 'openai/gpt-4o-mini', 'ROLE:BILLING');
    await make('broken', 'openai/gpt-4o-mini', 'ROLE:BROKEN');
    await make('slow', 'openai/gpt-4o-mini', 'ROLE:SLOW');
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  const createTeam = async (workflow: Record<string, unknown>, token = owner.accessToken) =>
    t.request({
      method: 'POST',
      url: '/v1/teams',
      token,
      body: { name: 'Equipe', workflow_definition: workflow },
    });
  const run = async (teamId: string, prompt: string) => {
    const started = await t.request({
      method: 'POST',
      url: `/v1/teams/${teamId}/executions`,
      token: owner.accessToken,
      body: { initial_prompt: prompt },
    });
    expect(started.statusCode, started.body).toBe(202);
    return started.json().execution_id as string;
  };
  /** Follows the execution's SSE stream to its end; answers the events and the execution. */
  const finish = async (executionId: string) => {
    const stream = await t.request({
      method: 'GET',
      url: `/v1/team-executions/${executionId}/events`,
      token: owner.accessToken,
    });
    expect(stream.statusCode).toBe(200);
    const events = stream.body
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as StreamedEvent);
    const execution = await t.request({
      method: 'GET',
      url: `/v1/team-executions/${executionId}`,
      token: owner.accessToken,
    });
    return { events, execution: execution.json() };
  };
  const ledgerOf = (runIds: string[]) =>
    withPlatform(t.deps.db, (tx) =>
      tx
        .select({
          tokens: sql<number>`coalesce(sum(${usageLogs.tokens_input} + ${usageLogs.tokens_output}), 0)::int`,
          cost: sql<string>`coalesce(sum(${usageLogs.cost_usd}), 0)::numeric(18, 8)::text`,
          withExecution: sql<number>`count(${usageLogs.execution_id})::int`,
          rows: sql<number>`count(*)::int`,
        })
        .from(usageLogs)
        .where(inArray(usageLogs.run_id, runIds)),
    );

  it('runs a sequential team: agent_result and combined inputs, one event sequence, totals = the ledger', async () => {
    const created = await createTeam({
      type: 'sequential',
      agents: [
        { agent_id: agents.researcher, role: 'researcher', input: { source: 'initial_prompt' } },
        {
          agent_id: agents.analyst,
          role: 'analyst',
          input: { source: 'agent_result', agent_id: agents.researcher },
        },
        {
          agent_id: agents.writer,
          role: 'writer',
          input: {
            source: 'combined',
            sources: [
              { type: 'agent_result', agent_id: agents.researcher },
              { type: 'agent_result', agent_id: agents.analyst },
            ],
          },
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const { events, execution } = await finish(await run(created.json().id, 'Energia solar no Brasil'));
    expect(execution.status).toBe('completed');
    const [researcher, analyst, writer] = execution.steps;
    expect(execution.steps.map((step: { status: string }) => step.status)).toEqual([
      'completed',
      'completed',
      'completed',
    ]);
    expect(researcher.input).toBe('Energia solar no Brasil');
    expect(analyst.input).toBe(researcher.result);
    expect(writer.input).toContain(`## researcher\n${researcher.result}`);
    expect(writer.input).toContain(`## analyst\n${analyst.result}`);
    expect(execution.shared_context[`agent_${agents.analyst}_result`]).toBe(analyst.result);
    // Without a cache (no Redis here) the context is read from Postgres.
    const context = await t.request({
      method: 'GET',
      url: `/v1/team-executions/${execution.id}/context`,
      token: owner.accessToken,
    });
    expect(context.json()).toEqual({ execution_id: execution.id, shared_context: execution.shared_context });
    // One sequence per execution: 1, 2, 3... with each step's own events inside it.
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    const starts = events.filter((event) => event.type === 'step_start').map((event) => event.step_index);
    expect(starts).toEqual([0, 1, 2]);
    expect(events.some((event) => event.type === 'content' && event.step_index === 2)).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'complete', step_index: null, content: writer.result });
    // A step's run events are stored a batch per row (ADR 0077): a replay from any number, inside a batch
    // or not, gives exactly the events after it.
    const [stored] = await withPlatform(t.deps.db, (tx) =>
      tx
        .select({ rows: sql<number>`count(*)::int` })
        .from(sql`renum_team_execution_events`)
        .where(sql`execution_id = ${execution.id}`),
    );
    expect(stored!.rows).toBeLessThan(events.length);
    for (let after = 0; after < events.length; after++) {
      const replay = await t.request({
        method: 'GET',
        url: `/v1/team-executions/${execution.id}/events?after_seq=${after}`,
        token: owner.accessToken,
      });
      const replayed = replay.body
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => JSON.parse(line.slice(6)) as StreamedEvent);
      expect(replayed).toEqual(events.slice(after));
    }
    // Every step is a real run, listed with its execution id.
    const runs = await t.request({
      method: 'GET',
      url: `/v1/runs?agent_id=${agents.writer}`,
      token: owner.accessToken,
    });
    expect(runs.json().data[0]).toMatchObject({
      id: writer.run_id,
      execution_id: execution.id,
      status: 'completed',
    });
    // The execution's totals are exactly the sum of its steps' ledger rows, which name the execution.
    const [ledger] = await ledgerOf(execution.steps.map((step: { run_id: string }) => step.run_id));
    expect(ledger!.rows).toBeGreaterThanOrEqual(3);
    expect(ledger!.withExecution).toBe(ledger!.rows);
    expect(execution.usage_metrics.total_tokens).toBe(ledger!.tokens);
    expect(execution.cost_metrics.cost_usd).toBe(ledger!.cost);
    const stepTokens = execution.steps.reduce(
      (sum: number, step: { individual_usage_metrics: { total_tokens: number } }) =>
        sum + step.individual_usage_metrics.total_tokens,
      0,
    );
    expect(stepTokens).toBe(ledger!.tokens);
    expect(execution.user_id).toBe(owner.userId);
    // Each step's events sit between its step_start and its step_end.
    for (const index of [0, 1, 2]) {
      const own = events.filter((event) => event.step_index === index).map((event) => event.type);
      expect(own[0]).toBe('step_start');
      expect(own.at(-1)).toBe('step_end');
      expect(own).toContain('content');
      // The step_end carries the step's usage and cost as its row stores them: a client totals finished steps.
      const end = events.find((event) => event.type === 'step_end' && event.step_index === index);
      expect(end).toMatchObject({
        individual_usage_metrics: execution.steps[index].individual_usage_metrics,
        individual_cost_metrics: execution.steps[index].individual_cost_metrics,
      });
      expect(execution.steps[index].individual_usage_metrics.total_tokens).toBeGreaterThan(0);
    }
    // In one process (ADR 0043): each step's run was stored claimed when the step started (no claim of its
    // own: started when queued), and each step's job ran here once and was completed by the step's
    // recording (the same instant as the step's end).
    const claims = await withPlatform(t.deps.db, (tx) =>
      tx
        .select({ claims: runRows.claims, queued: runRows.queued_at, started: runRows.started_at })
        .from(runRows)
        .where(inArray(runRows.execution_id, [execution.id])),
    );
    expect(claims.map((row) => [row.claims, row.started?.getTime()])).toEqual(
      claims.map((row) => [1, row.queued.getTime()]),
    );
    const stepJobs = await withPlatform(t.deps.db, (tx) =>
      tx
        .select({
          key: jobs.idempotency_key,
          status: jobs.status,
          attempts: jobs.attempts,
          at: jobs.completed_at,
        })
        .from(jobs)
        .where(
          inArray(
            jobs.idempotency_key,
            execution.steps.map((step: { id: string }) => `team-step:${step.id}`),
          ),
        ),
    );
    expect(stepJobs).toHaveLength(3);
    for (const step of execution.steps as Array<{ id: string; finished_at: string }>) {
      const job = stepJobs.find((row) => row.key === `team-step:${step.id}`);
      expect(job).toMatchObject({ status: 'completed', attempts: 1 });
      expect(job!.at!.toISOString()).toBe(step.finished_at);
    }
  });

  it('a step whose record fails inside its run’s settlement is recorded after it, nothing run or written twice (ADR 0057)', async () => {
    // A real failure in the settlement's transaction: the first time a step of role "flaky-record" is
    // marked completed, the database raises (a sequence, so the count survives the rollback).
    await t.deps.db.execute(sql`create sequence if not exists teams_test_record_failures`);
    await t.deps.db.execute(sql`create or replace function teams_test_fail_record() returns trigger
      language plpgsql security definer as $$ begin
        if nextval('teams_test_record_failures') = 1 then raise exception 'injected record failure'; end if;
        return new;
      end $$`);
    await t.deps.db.execute(sql`create trigger teams_test_fail_record before update on renum_team_agent_executions
      for each row when (new.role = 'flaky-record' and new.status = 'completed' and old.status = 'running')
      execute function teams_test_fail_record()`);
    try {
      const created = await createTeam({
        type: 'sequential',
        agents: [
          { agent_id: agents.researcher, role: 'flaky-record' },
          {
            agent_id: agents.billing,
            role: 'billing',
            input: { source: 'agent_result', agent_id: agents.researcher },
          },
        ],
      });
      expect(created.statusCode, created.body).toBe(201);
      const { events, execution } = await finish(await run(created.json().id, 'Falha no registro'));
      expect(execution.status).toBe('completed');
      expect(execution.steps).toMatchObject([
        { status: 'completed', attempts: 1 },
        { status: 'completed', attempts: 1, result: 'Resposta do financeiro' },
      ]);
      const [failures] = (
        (await t.deps.db.execute(
          sql`select last_value::int as n from teams_test_record_failures`,
        )) as unknown as {
          rows: Array<{ n: number }>;
        }
      ).rows;
      expect(failures!.n).toBeGreaterThanOrEqual(2); // it failed once, then the record after it passed
      // One run per step, each settled once: one terminal event of each run in the execution's log.
      const [{ count }] = (
        (await t.deps.db.execute(
          sql`select count(*)::int as count from runs where execution_id = ${execution.id}`,
        )) as unknown as { rows: Array<{ count: number }> }
      ).rows as [{ count: number }];
      expect(count).toBe(2);
      for (const [index, step] of (execution.steps as Array<{ run_id: string }>).entries()) {
        const own = events.filter((event) => event.step_index === index);
        expect(own.filter((event) => event.type === 'complete' && event.run_id === step.run_id)).toHaveLength(
          1,
        );
        expect(own.filter((event) => event.type === 'step_end')).toHaveLength(1);
        expect(own.filter((event) => event.type === 'step_start')).toHaveLength(1);
      }
      expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
      // The first step's job was completed by the record after the settlement, the second's by its settlement.
      const stepJobs = await withPlatform(t.deps.db, (tx) =>
        tx
          .select({ status: jobs.status, attempts: jobs.attempts })
          .from(jobs)
          .where(
            inArray(
              jobs.idempotency_key,
              execution.steps.map((step: { id: string }) => `team-step:${step.id}`),
            ),
          ),
      );
      expect(stepJobs).toEqual([
        { status: 'completed', attempts: 1 },
        { status: 'completed', attempts: 1 },
      ]);
    } finally {
      await t.deps.db.execute(
        sql`drop trigger if exists teams_test_fail_record on renum_team_agent_executions`,
      );
    }
  });

  it('runs a parallel team where one agent fails: its error is recorded, the others’ results kept', async () => {
    const created = await createTeam({
      type: 'parallel',
      agents: [
        { agent_id: agents.researcher, role: 'researcher' },
        { agent_id: agents.broken, role: 'broken', retry: { max_attempts: 2 } },
        { agent_id: agents.billing, role: 'billing' },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const { events, execution } = await finish(await run(created.json().id, 'Tudo ao mesmo tempo'));
    expect(execution.status).toBe('completed');
    const [researcher, broken, billing] = execution.steps;
    expect(researcher.status).toBe('completed');
    expect(billing).toMatchObject({ status: 'completed', result: 'Resposta do financeiro' });
    expect(broken).toMatchObject({ status: 'failed', attempts: 2 });
    expect(broken.error).toBeTruthy();
    expect(events.filter((event) => event.type === 'status' && event.status === 'retrying')).toHaveLength(1);
  });

  it('runs the seed’s conditional team, taking each branch, and skips both on a missing field', async () => {
    const created = await createTeam({
      type: 'conditional',
      agents: [
        {
          agent_id: agents.classifier,
          role: 'classifier',
          input: { source: 'initial_prompt' },
          output_schema: { type: 'object', properties: { category: { type: 'string' } } },
        },
        {
          agent_id: agents.technical,
          role: 'technical_support',
          conditions: [
            { field: `agent_${agents.classifier}_result.category`, operator: 'equals', value: 'technical' },
          ],
          input: { source: 'agent_result', agent_id: agents.classifier },
        },
        {
          agent_id: agents.billing,
          role: 'billing_support',
          conditions: [
            { field: `agent_${agents.classifier}_result.category`, operator: 'equals', value: 'billing' },
          ],
          input: { source: 'agent_result', agent_id: agents.classifier },
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const teamId = created.json().id;
    const billing = await finish(await run(teamId, 'Minha fatura veio cobrada duas vezes'));
    expect(billing.execution.status).toBe('completed');
    expect(billing.execution.steps.map((step: { status: string }) => step.status)).toEqual([
      'completed',
      'skipped',
      'completed',
    ]);
    expect(billing.execution.steps[0].result).toEqual({ category: 'billing' });
    // A skipped step never ran: its step_end carries no usage.
    const skippedEnd = billing.events.find((event) => event.type === 'step_end' && event.step_index === 1);
    expect(skippedEnd).toBeDefined();
    expect(skippedEnd).not.toHaveProperty('individual_usage_metrics');
    // The classifier was asked for its schema through the provider's API (ADR 0044), not only in words;
    // the support agents, which have no output_schema, were not.
    const bodies = fake.requests.map(
      (request) => request.body as { input?: unknown; text?: { format?: Record<string, unknown> } },
    );
    const asked = (marker: string) =>
      bodies.filter((body) => JSON.stringify(body.input).includes(marker)).map((body) => body.text?.format);
    expect(asked('fatura veio cobrada')).toContainEqual({
      type: 'json_schema',
      strict: false,
      name: 'response',
      schema: { type: 'object', properties: { category: { type: 'string' } } },
    });
    expect(asked('ROLE:BILLING').length).toBeGreaterThan(0);
    expect(asked('ROLE:BILLING').every((format) => format === undefined)).toBe(true);
    expect(billing.execution.steps[2]).toMatchObject({
      input: '{"category":"billing"}',
      result: 'Resposta do financeiro',
    });
    const technical = await finish(await run(teamId, 'O app não abre no meu celular'));
    expect(technical.execution.steps.map((step: { status: string }) => step.status)).toEqual([
      'completed',
      'completed',
      'skipped',
    ]);
    const missing = await finish(await run(teamId, 'Uma pergunta sem categoria'));
    expect(missing.execution.status).toBe('completed');
    expect(missing.execution.steps.map((step: { status: string }) => step.status)).toEqual([
      'completed',
      'skipped',
      'skipped',
    ]);
  });

  it('runs the seed’s conditional team on the offline model: its classifier answers JSON and picks the branch', async () => {
    const offline = async (name: string) =>
      (
        await t.createAgent(owner.accessToken, {
          name,
          model: 'offline/renum',
          system_prompt: `You are the ${name}.`,
        })
      ).id;
    const [classifier, technical, billing] = [
      await offline('offline classifier'),
      await offline('offline technical'),
      await offline('offline billing'),
    ];
    const branch = (agentId: string, role: string, value: string) => ({
      agent_id: agentId,
      role,
      conditions: [{ field: `agent_${classifier}_result.category`, operator: 'equals', value }],
      input: { source: 'agent_result', agent_id: classifier },
    });
    const created = await createTeam({
      type: 'conditional',
      agents: [
        {
          agent_id: classifier,
          role: 'classifier',
          input: { source: 'initial_prompt' },
          output_schema: {
            type: 'object',
            properties: { category: { type: 'string', enum: ['technical', 'billing'] } },
            required: ['category'],
          },
        },
        branch(technical, 'technical_support', 'technical'),
        branch(billing, 'billing_support', 'billing'),
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const statuses = (execution: { steps: Array<{ status: string }> }) =>
      execution.steps.map((step) => step.status);
    const billed = await finish(await run(created.json().id, 'Minha fatura veio cobrada duas vezes'));
    expect(billed.execution.status).toBe('completed');
    expect(billed.execution.steps[0].result).toEqual({ category: 'billing' });
    expect(statuses(billed.execution)).toEqual(['completed', 'skipped', 'completed']);
    const broken = await finish(await run(created.json().id, 'O aplicativo dá erro quando faço login'));
    expect(broken.execution.steps[0].result).toEqual({ category: 'technical' });
    expect(statuses(broken.execution)).toEqual(['completed', 'completed', 'skipped']);
  });

  it('fails a step whose answer does not fit its output schema, with a clear error', async () => {
    const created = await createTeam({
      type: 'sequential',
      agents: [
        {
          agent_id: agents.billing,
          role: 'billing',
          retry: { max_attempts: 1 },
          output_schema: { type: 'object', required: ['category'] },
        },
        { agent_id: agents.writer, role: 'writer' },
      ],
    });
    const { execution, events } = await finish(await run(created.json().id, 'qualquer'));
    expect(execution.status).toBe('failed');
    expect(execution.steps[0]).toMatchObject({ status: 'failed', error_code: 'VALIDATION_ERROR' });
    expect(execution.steps[0].error).toContain('does not fit the step’s output schema');
    expect(execution.steps[1].status).toBe('skipped');
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'VALIDATION_ERROR' });
  });

  it('cancels an execution mid-step: the running run is stopped, the rest cancelled', async () => {
    const created = await createTeam({
      type: 'sequential',
      agents: [
        { agent_id: agents.slow, role: 'slow' },
        { agent_id: agents.writer, role: 'writer' },
      ],
    });
    const executionId = await run(created.json().id, 'devagar');
    for (let tries = 0; tries < 200; tries++) {
      const current = await t.request({
        method: 'GET',
        url: `/v1/team-executions/${executionId}`,
        token: owner.accessToken,
      });
      if (current.json().steps[0].run_id) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const cancelled = await t.request({
      method: 'POST',
      url: `/v1/team-executions/${executionId}/cancel`,
      token: owner.accessToken,
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const { execution, events } = await finish(executionId);
    expect(execution.status).toBe('cancelled');
    expect(execution.steps.map((step: { status: string }) => step.status)).toEqual([
      'cancelled',
      'cancelled',
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'status', status: 'stopped' });
    const again = await t.request({
      method: 'POST',
      url: `/v1/team-executions/${executionId}/cancel`,
      token: owner.accessToken,
    });
    expect(again.json()).toMatchObject({ code: 'TEAM_EXECUTION_NOT_ACTIVE' });
  });

  it('an Idempotency-Key starts one execution however often, or concurrently, it is retried', async () => {
    const team = await createTeam({
      type: 'sequential',
      agents: [{ agent_id: agents.writer, role: 'writer' }],
    });
    const other = await createTeam({
      type: 'sequential',
      agents: [{ agent_id: agents.analyst, role: 'analyst' }],
    });
    const start = (teamId: string, key: string) =>
      t.request({
        method: 'POST',
        url: `/v1/teams/${teamId}/executions`,
        token: owner.accessToken,
        headers: { 'idempotency-key': key },
        body: { initial_prompt: 'Escreva uma vez' },
      });
    const countOf = async (teamId: string) =>
      (
        await t.request({ method: 'GET', url: `/v1/teams/${teamId}/executions`, token: owner.accessToken })
      ).json().data.length as number;
    const first = await start(team.json().id, 'exec-once');
    const again = await start(team.json().id, 'exec-once');
    expect(first.statusCode, first.body).toBe(202);
    expect(again.statusCode, again.body).toBe(202);
    expect(again.json().execution_id).toBe(first.json().execution_id);
    // Retried at once, before either committed: the unique index settles it, and both answer the one execution.
    const racing = await Promise.all([
      start(team.json().id, 'exec-race'),
      start(team.json().id, 'exec-race'),
    ]);
    expect(racing.map((answer) => answer.statusCode)).toEqual([202, 202]);
    expect(racing[1]!.json().execution_id).toBe(racing[0]!.json().execution_id);
    expect(await countOf(team.json().id)).toBe(2);
    // The key names what it started: for another team it is a conflict, and nothing starts.
    const elsewhere = await start(other.json().id, 'exec-once');
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json().code).toBe('CONFLICT');
    expect(await countOf(other.json().id)).toBe(0);
    // Another client's same key is its own.
    const stranger = await t.signup();
    const theirs = await t.request({
      method: 'POST',
      url: '/v1/teams',
      token: stranger.accessToken,
      body: {
        name: 'Deles',
        workflow_definition: {
          type: 'sequential',
          agents: [
            {
              agent_id: (
                await t.createAgent(stranger.accessToken, {
                  name: 'w',
                  model: 'offline/renum',
                  system_prompt: 'x',
                })
              ).id,
              role: 'writer',
            },
          ],
        },
      },
    });
    const theirStart = await t.request({
      method: 'POST',
      url: `/v1/teams/${theirs.json().id}/executions`,
      token: stranger.accessToken,
      headers: { 'idempotency-key': 'exec-once' },
      body: { initial_prompt: 'Outro cliente' },
    });
    expect(theirStart.statusCode, theirStart.body).toBe(202);
    expect(theirStart.json().execution_id).not.toBe(first.json().execution_id);
  });

  it('refuses invalid definitions naming the step and field, and isolates clients', async () => {
    const empty = await createTeam({ type: 'sequential', agents: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [{ field: 'workflow_definition.agents' }],
    });
    const later = await createTeam({
      type: 'sequential',
      agents: [
        { agent_id: agents.analyst, role: 'a', input: { source: 'agent_result', agent_id: agents.writer } },
        { agent_id: agents.writer, role: 'b' },
      ],
    });
    expect(later.json().details).toEqual([
      expect.objectContaining({ field: 'workflow_definition.agents.0.input.agent_id', step: 0 }),
    ]);
    const operator = await createTeam({
      type: 'conditional',
      agents: [
        { agent_id: agents.classifier, role: 'a' },
        {
          agent_id: agents.billing,
          role: 'b',
          conditions: [{ field: `agent_${agents.classifier}_result.x`, operator: 'like', value: 1 }],
        },
      ],
    });
    expect(operator.json().details).toEqual([
      expect.objectContaining({ field: 'workflow_definition.agents.1.conditions.0.operator', step: 1 }),
    ]);
    const noResult = await createTeam({
      type: 'conditional',
      agents: [
        {
          agent_id: agents.classifier,
          role: 'a',
          conditions: [{ field: `agent_${agents.billing}_result.x`, operator: 'exists' }],
        },
        { agent_id: agents.billing, role: 'b' },
      ],
    });
    expect(noResult.json().details).toEqual([
      expect.objectContaining({ field: 'workflow_definition.agents.0.conditions.0.field' }),
    ]);
    // Another client can neither use these agents nor see this client's teams and executions.
    const other = await t.signup();
    const stolen = await createTeam(
      { type: 'sequential', agents: [{ agent_id: agents.writer, role: 'x' }] },
      other.accessToken,
    );
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().details).toEqual([
      {
        field: 'workflow_definition.agents.0.agent_id',
        message: `Agent ${agents.writer} not found`,
        step: 0,
      },
    ]);
    const mine = await createTeam({ type: 'sequential', agents: [{ agent_id: agents.writer, role: 'x' }] });
    const executionId = await run(mine.json().id, 'oi');
    const theirs = await t.request({
      method: 'GET',
      url: `/v1/team-executions/${executionId}`,
      token: other.accessToken,
    });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().code).toBe('TEAM_EXECUTION_NOT_FOUND');
    const team = await t.request({
      method: 'GET',
      url: `/v1/teams/${mine.json().id}`,
      token: other.accessToken,
    });
    expect(team.statusCode).toBe(404);
    const runTheirs = await t.request({
      method: 'POST',
      url: `/v1/teams/${mine.json().id}/executions`,
      token: other.accessToken,
      body: { initial_prompt: 'x' },
    });
    expect(runTheirs.statusCode).toBe(404);
    await finish(executionId);
  });
});
