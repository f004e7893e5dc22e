/**
 * The teams part of `npm run bench` (issue 14): the engine's overhead per step and executions per second.
 *
 * In this process, the platform as the server starts it (`startPlatform`: Postgres, the embedded job queue
 * with the `team.step` workers, the run manager, the in-memory event bus), the fake OpenAI model with zero
 * think time in its own process. A team of 5 sequential steps (each a real run of an agent on
 * `openai/gpt-4o-mini`) is executed one at a time; its wall time minus the 5 direct model calls its steps
 * make (the AI SDK against the same fake, each call asked the answer before it, as each step is), divided
 * by 5, is the overhead per step. Then executions per second at
 * concurrency 20, for that team and for a one-step team (the trivial workflow n8n's figure is about).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '@renum/config';
import { teamExecutions, withClient } from '@renum/db';
import {
  createAgent,
  createTeam,
  executeTeam,
  isTerminalExecutionEvent,
  type Principal,
  signup,
  teamEngineDeps,
} from '@renum/platform';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { type Platform, startPlatform } from '../apps/server/src/boot.ts';
import { directModel, directTurn } from './lib/direct.ts';
import { createBenchDatabase } from './lib/postgres.ts';
import { type FakeModel, startFakeModel } from './lib/processes.ts';
import { round, summarize } from './lib/stats.ts';
import { type TeamStepPhases, teamStepPhases } from './lib/team-phases.ts';

/** Goals of issue 14 ("Performance (benchmark)"). */
export const TEAM_GOALS = { overheadPerStepMs: 5 } as const;

/** What the teams benchmark measured. */
export interface TeamBenchResults {
  steps: number;
  executions: number;
  executionMs: ReturnType<typeof summarize>;
  directCallMs: ReturnType<typeof summarize>;
  overheadPerStepMs: number;
  concurrency: number;
  executionsPerSecond: { fiveSteps: number; oneStep: number };
  /** Where a step's time goes at c=1 (medians, ms). */
  phases: TeamStepPhases;
  /**
   * The same executions with each step recorded after its run's settlement (ADR 0043), alternating with
   * the default (ADR 0057) in one run, so both see the same load.
   */
  separateRecord: {
    executionMs: ReturnType<typeof summarize>;
    overheadPerStepMs: number;
    phases: TeamStepPhases;
  };
}

const log = (line: string) => process.stderr.write(`[bench teams] ${line}\n`);
const prompt = 'Summarise the quarterly report in three bullet points.';

/** Runs the teams benchmark on a fresh Postgres database; null with the reason when Postgres is missing. */
export async function runTeamsBench(options: {
  quick: boolean;
}): Promise<TeamBenchResults | { skipped: string }> {
  const database = await createBenchDatabase();
  if ('unavailable' in database) return { skipped: database.unavailable };
  const fake = await startFakeModel();
  let platform: Platform | null = null;
  try {
    platform = await startPlatform({
      config: benchConfig(database.url, fake),
      logger: pino({ level: 'warn' }),
    });
    return await measure(platform, fake, options);
  } finally {
    platform?.stopSchedules();
    await platform?.jobs.stop({ graceMs: 2000 });
    await platform?.manager.drain();
    platform?.manager.close();
    await platform?.handle.close();
    await fake.stop();
    await database.drop();
  }
}

/** Executions run at once in the throughput phases. */
const concurrency = 20;
/** Connections of the platform's pool: enough for every concurrent execution's transactions. */
const poolSize = concurrency + 10;

export function benchConfig(databaseUrl: string, fake: FakeModel) {
  return loadConfig({
    DATABASE_URL: databaseUrl,
    RENUM_JWT_SECRET: randomBytes(32).toString('hex'),
    RENUM_VAULT_KEYS: JSON.stringify({ 1: randomBytes(32).toString('base64') }),
    OPENAI_API_KEY: 'bench-key',
    OPENAI_BASE_URL: `${fake.url}/v1`,
    RENUM_SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    // Generous quotas: the benchmark measures the engine, not the admission limits.
    RENUM_RUNS_CONCURRENCY: '200',
    // At c=20 each execution's step holds up to three connections at once (its settlement, its events'
    // batch, its lease renewal): the default 10 left transactions waiting past the pool's 5 s acquire
    // timeout on a loaded machine. Every execution is still checked to have completed (see `finished`).
    DATABASE_POOL_SIZE: String(poolSize),
  });
}

/** A client with five agents, a 5-step and a 1-step team, and a way to execute one and wait for its end. */
export async function setUpTeams(platform: Platform) {
  const { deps, run } = platform;
  const session = await signup(deps, {
    input: {
      email: `bench-${randomBytes(4).toString('hex')}@example.com`,
      password: `pw-${randomBytes(8).toString('hex')}`,
      name: 'Bench',
      client_name: 'Bench teams',
    },
  });
  const principal: Principal = {
    kind: 'user',
    userId: session.user.id,
    apiKeyId: null,
    clientId: session.client!.id,
    role: 'owner',
    platformRole: 'none',
  };
  const system = 'Answer briefly.';
  const agents: Array<{ id: string }> = [];
  for (let index = 0; index < 5; index++)
    agents.push(
      await createAgent(deps, {
        principal,
        input: { name: `Step ${index}`, system_prompt: system, model: 'openai/gpt-4o-mini' },
      }),
    );
  const team = async (steps: number) =>
    createTeam(deps, {
      principal,
      input: {
        name: `${steps} steps`,
        workflow_definition: {
          type: 'sequential',
          agents: agents.slice(0, steps).map((agent, index) => ({
            agent_id: agent.id,
            role: `step-${index}`,
            ...(index > 0
              ? { input: { source: 'agent_result' as const, agent_id: agents[index - 1]!.id } }
              : {}),
          })),
        },
      },
    });
  const five = await team(5);
  const one = await team(1);
  const engine = teamEngineDeps(run, platform.manager);
  const timedIds = { merged: [] as string[], separate: [] as string[] };
  const execute = async (teamId: string, timed?: 'merged' | 'separate') => {
    const started = performance.now();
    const { execution_id: executionId } = await executeTeam(deps, {
      principal,
      engine,
      teamId,
      initialPrompt: prompt,
    });
    const ended = await finished(platform, principal.clientId!, executionId);
    if (timed) timedIds[timed].push(executionId);
    return ended - started;
  };
  return { principal, five, one, engine, execute, timedIds, system };
}

async function measure(
  platform: Platform,
  fake: FakeModel,
  options: { quick: boolean },
): Promise<TeamBenchResults> {
  const { principal, five, one, engine, execute, timedIds, system } = await setUpTeams(platform);
  const direct = directModel(fake.url);
  // The five calls an execution's steps make: each asked the answer before it (the steps' `agent_result`
  // inputs), so the fake's echoes grow as the steps' do.
  const directFive = async () => {
    let content = prompt;
    let total = 0;
    for (let call = 0; call < 5; call++) {
      const turn = await directTurn({ model: direct.model, system, content });
      total += turn.total;
      content = turn.text;
    }
    return total;
  };

  const sizes = options.quick
    ? { warmup: 5, timed: 20, concurrent: 60 }
    : { warmup: 10, timed: 50, concurrent: 200 };
  log(`warming up (${sizes.warmup} executions, ${sizes.warmup * 5} direct calls)`);
  for (let index = 0; index < sizes.warmup; index++) {
    await execute(five.id);
    await directFive();
  }
  log(
    `${sizes.timed} executions of 5 steps at c=1 per way of recording, alternating, each beside 5 direct calls`,
  );
  const executionMs = { merged: [] as number[], separate: [] as number[] };
  const directMs: number[] = [];
  for (let index = 0; index < sizes.timed * 2; index++) {
    const way = index % 2 === 0 ? 'merged' : 'separate';
    engine.recordSeparately = way === 'separate';
    executionMs[way].push(await execute(five.id, way));
    directMs.push(await directFive());
  }
  engine.recordSeparately = false;
  const directSum = summarize(directMs);
  const byWay = async (way: 'merged' | 'separate') => {
    const execution = summarize(executionMs[way]);
    return {
      executionMs: execution,
      overheadPerStepMs: round((execution.p50 - directSum.p50) / 5, 2),
      phases: await teamStepPhases(platform, { clientId: principal.clientId!, executionIds: timedIds[way] }),
    };
  };
  const merged = await byWay('merged');
  const separateRecord = await byWay('separate');
  log(`${sizes.concurrent} executions at c=${concurrency}, 5 steps then 1 step`);
  const throughput = async (teamId: string) => {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < sizes.concurrent) {
          next += 1;
          await execute(teamId);
        }
      }),
    );
    return round((sizes.concurrent / (performance.now() - started)) * 1000, 1);
  };
  return {
    steps: 5,
    executions: sizes.timed,
    executionMs: merged.executionMs,
    directCallMs: summarize(directMs.map((total) => total / 5)),
    overheadPerStepMs: merged.overheadPerStepMs,
    concurrency,
    executionsPerSecond: { fiveSteps: await throughput(five.id), oneStep: await throughput(one.id) },
    phases: merged.phases,
    separateRecord,
  };
}

/**
 * Resolves when the execution has completed (its terminal event on the bus, or its row already says so);
 * rejects when it ended otherwise.
 */
/**
 * Waits for the execution's terminal event (or finds it ended) and answers when it ended on
 * `performance.now()`'s clock; then checks, outside the measured time, that it completed.
 */
async function finished(platform: Platform, clientId: string, executionId: string): Promise<number> {
  let resolve: (at: number) => void = () => {};
  const done = new Promise<number>((settle) => {
    resolve = settle;
  });
  const stop = await platform.run.bus.subscribe(executionId, (event) => {
    if (isTerminalExecutionEvent(event as never)) resolve(performance.now());
  });
  let ended: number;
  try {
    // Ended before the subscription? The bus keeps the stream's recent events: no read of the database
    // (which would compete with the execution being measured).
    const before = await platform.run.bus.recent(executionId, 0);
    ended = before.some((event) => isTerminalExecutionEvent(event as never)) ? performance.now() : await done;
  } finally {
    stop();
  }
  await expectCompleted(platform, clientId, executionId);
  return ended;
}

/** Throws when the execution did not complete: a failure is a result to see, not a slow execution. */
async function expectCompleted(platform: Platform, clientId: string, executionId: string) {
  const [row] = await withClient(platform.deps.db, clientId, (tx) =>
    tx
      .select({ status: teamExecutions.status, error: teamExecutions.error })
      .from(teamExecutions)
      .where(eq(teamExecutions.id, executionId)),
  );
  if (row?.status !== 'completed')
    throw new Error(`team execution ${executionId} ended ${row?.status ?? 'missing'}: ${row?.error ?? ''}`);
}

/** The results as the table `npm run bench` prints. */
export function formatTeamsBench(results: TeamBenchResults): string {
  const met = results.overheadPerStepMs <= TEAM_GOALS.overheadPerStepMs ? 'met' : 'NOT met';
  const separate = results.separateRecord;
  return [
    'Teams (issue 14): a 5-step sequential team on a zero-latency fake model, Postgres, one process',
    `  execution p50 ${round(results.executionMs.p50)} ms, p99 ${round(results.executionMs.p99)} ms (${results.executions} executions)`,
    `  direct model call p50 ${round(results.directCallMs.p50)} ms`,
    `  engine overhead per step ${results.overheadPerStepMs} ms (goal ≤ ${TEAM_GOALS.overheadPerStepMs} ms: ${met})`,
    `  per step (medians): ${phaseLine(results.phases)}`,
    `  baseline in the same run, each step recorded after its run's settlement (ADR 0043): execution p50 ${round(separate.executionMs.p50)} ms, p99 ${round(separate.executionMs.p99)} ms, overhead per step ${separate.overheadPerStepMs} ms`,
    `  baseline per step (medians): ${phaseLine(separate.phases)}`,
    `  executions/s at c=${results.concurrency}: ${results.executionsPerSecond.fiveSteps} (5 steps), ${results.executionsPerSecond.oneStep} (1 step)`,
  ].join('\n');
}

function phaseLine(phases: TeamStepPhases): string {
  return `hand-off and preparation ${phases.handOffAndPrepare} ms, claim ${phases.claim} ms, to first token ${phases.toFirstToken} ms, stream and settlement ${phases.streamAndSettle} ms, record ${phases.record} ms; execution start ${phases.start} ms`;
}
