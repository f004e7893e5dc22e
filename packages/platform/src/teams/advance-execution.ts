import {
  type RunEventDraft,
  runEventErrorCodeSchema,
  runNote,
  type TeamCostMetrics,
  type TeamStepStatus,
  type TeamUsageMetrics,
  type WorkflowDefinition,
} from '@renum/contracts';
import {
  agents,
  combineWrites,
  placeholderRow,
  prefixRow,
  reusableStatement,
  sendAhead,
  type Transaction,
  teamAgentExecutions,
  teamExecutions,
} from '@renum/db';
import { planNextSteps, resolveStepInput, resultText } from '@renum/workflows';
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { EventBus, PublishFailureReporter } from '../runs/event-bus.ts';
import { appendWithDeferred, type DeferredWrites } from './advance-statement.ts';
import type { TeamContextCache } from './context-cache.ts';
import { createStepRun, type LocalStepWorker } from './create-step-run.ts';
import { type ExecutionTotals, executionMetrics } from './execution-metrics.ts';
import { stepTimeoutMs } from './prepare-step.ts';
import type { StepOffers } from './step-hints.ts';
import type { ExecutionEventDraft } from './team-events.ts';
import { teamStepJob } from './team-jobs.ts';
import type { PendingStepAgent } from './team-rows.ts';

/** What advancing an execution needs: where step jobs go and where events are published. */
export interface TeamEngineDeps {
  jobs: JobQueue;
  bus: EventBus;
  onPublishError?: PublishFailureReporter | undefined;
  /**
   * This process's run worker, when it executes runs: a started step's run is stored already claimed by
   * it, and its job, run here, takes the step from `steps` instead of reading it again.
   */
  local?: (LocalStepWorker & { steps: StepOffers }) | undefined;
  /** Where shared contexts are cached after each change (Redis); Postgres stays the truth. @defaultValue none */
  contextCache?: TeamContextCache | undefined;
  /**
   * Records each step in a transaction after its run's settlement (ADR 0043) instead of in the
   * settlement's own (ADR 0057): the benchmark's baseline, measured beside the default in one run.
   * @defaultValue false
   */
  recordSeparately?: boolean | undefined;
}

type ExecutionRow = typeof teamExecutions.$inferSelect;
type StepRow = typeof teamAgentExecutions.$inferSelect;

/** Rows read by the caller under the execution's lock (see `advanceExecution`'s `known`). */
interface KnownRows {
  steps: StepRow[];
  /** The agent of each pending step (with what its run reads, ADR 0076), by step id (null: deleted). */
  pending: ReadonlyMap<string, PendingStepAgent | null>;
  /** The execution's totals as read under the same lock, when read (see `ExecutionForRecord`). */
  totals?: ExecutionTotals | undefined;
}

/** The definition an execution was planned with. */
export function executionDefinition(execution: ExecutionRow): WorkflowDefinition {
  return (execution.execution_plan as { definition: WorkflowDefinition }).definition;
}

/**
 * The engine's step after every change (start, a step settled, a cancel), in the caller's transaction,
 * which holds the execution's row lock: asks the planner what to do, marks steps running and enqueues
 * their `team.step` jobs (transactional outbox), skips the steps that will never run, and when nothing
 * runs or will run settles the execution with its summed usage and cost and its terminal event.
 */
export async function advanceExecution(
  deps: PlatformDeps,
  engine: TeamEngineDeps,
  options: {
    tx: Transaction;
    execution: ExecutionRow;
    /** The caller's own events, appended first, with the engine's, in one write. */
    events?: ExecutionEventDraft[];
    /**
     * The execution's steps and its pending steps' agents as the caller read them under the same lock (a
     * step's record, ADR 0063), so they are not read again.
     */
    known?: KnownRows | undefined;
    /**
     * The caller's writes held back for the statement that appends the events (a step's record, ADR 0076);
     * the first step this starts leaves its run there too.
     */
    deferred?: DeferredWrites | undefined;
    /** The execution was just stored (running): its `running` event is appended with its first steps. */
    starting?: boolean | undefined;
  },
): Promise<void> {
  const { tx, execution, known } = options;
  const deferred = options.deferred ?? {};
  const events: ExecutionEventDraft[] = [...(options.events ?? [])];
  const append = (now: Date) =>
    appendWithDeferred(tx, deferred, eventOptions(engine, execution, now, events));
  if (['completed', 'failed', 'cancelled'].includes(execution.status)) {
    await append(deps.clock());
    return;
  }
  const now = deps.clock();
  const steps =
    known?.steps ??
    (await tx
      .select()
      .from(teamAgentExecutions)
      .where(eq(teamAgentExecutions.execution_id, execution.id))
      .orderBy(asc(teamAgentExecutions.step_index)));
  if (execution.cancel_requested_at) {
    await cancelPending(tx, steps, now);
    if (steps.some((step) => step.status === 'running')) {
      // Each running step settles, then advances.
      await append(now);
      return;
    }
    await settleExecution(deps, { tx, execution, status: 'cancelled', steps, events, append, known });
    return;
  }
  const plan = planNextSteps({
    definition: executionDefinition(execution),
    statuses: steps.map((step) => step.status as TeamStepStatus),
    context: execution.shared_context,
  });
  if (plan.skip.length > 0)
    await tx
      .update(teamAgentExecutions)
      .set({ status: 'skipped', finished_at: now })
      .where(
        and(
          eq(teamAgentExecutions.execution_id, execution.id),
          inArray(teamAgentExecutions.step_index, plan.skip),
        ),
      );
  for (const index of plan.skip) {
    const step = steps[index]!;
    step.status = 'skipped';
    events.push({
      draft: stepEnd(step, 'skipped: no condition holds or an earlier step failed'),
      stepIndex: index,
    });
  }
  if (options.starting) {
    // Stored running by its start (ADR 0076): announced here, after the steps it skips at once.
    events.push({
      draft: {
        type: 'status',
        status: 'running',
        content: 'Team execution started',
        ...runNote('team.started'),
      },
    });
  }
  for (const index of plan.start)
    await startStep(deps, engine, { tx, execution, step: steps[index]!, now, events, known, deferred });
  if (plan.done) {
    await settleExecution(deps, { tx, execution, status: plan.done, steps, events, append, known });
    return;
  }
  await append(now);
}

/**
 * Starts a step in the engine's transaction: marks it running, creates its run (the input resolved from
 * the shared context as it now stands), records `step_start`, and enqueues its `team.step` job, stored
 * claimed by this process when a worker here has a free slot (ADR 0029 §1), in the statement that stores
 * the run (ADR 0063). A step whose agent was deleted gets no run here: its job finds that and fails the step.
 */
async function startStep(
  deps: PlatformDeps,
  engine: TeamEngineDeps,
  options: {
    tx: Transaction;
    execution: ExecutionRow;
    step: StepRow;
    now: Date;
    events: ExecutionEventDraft[];
    known?: KnownRows | undefined;
    deferred: DeferredWrites;
  },
) {
  const { tx, execution, step, deferred } = options;
  const definition = executionDefinition(execution);
  const pending = await stepAgent(tx, step, options.known);
  // Local pick-up (ADR 0029): a worker in this process with a free slot takes the step at the commit.
  const job = engine.jobs.prepareEnqueue(
    tx,
    teamStepJob,
    { execution_id: execution.id, step_id: step.id, client_id: execution.client_id },
    { idempotencyKey: `team-step:${step.id}`, runHere: true, clientId: execution.client_id },
  );
  if (pending) {
    const stepDefinition = definition.agents[step.step_index]!;
    const input = resolveStepInput({ definition, step: stepDefinition, context: execution.shared_context });
    const created = await createStepRun(deps, tx, {
      execution,
      step,
      agent: pending.agent,
      input,
      outputSchema: stepDefinition.output_schema,
      local: engine.local,
      startedAt: options.now,
      job,
      inputs: pending.inputs,
      // The first step started leaves its write for the events' append; any other is written now.
      defer: deferred.stepRun ? undefined : deferred,
    });
    options.events.push({
      draft: {
        type: 'step_start',
        step_id: step.id,
        agent: step.role,
        content: `${step.role} started`,
        ...runNote('step.started', { role: step.role }),
      },
      runId: created.runId,
      stepIndex: step.step_index,
    });
    engine.local?.steps.offer(step.id, {
      ...created,
      stepIndex: step.step_index,
      role: step.role,
      attempts: step.attempts + 1,
      timeoutMs: stepTimeoutMs(definition, step.step_index),
    });
  } else {
    const marked = tx
      .update(teamAgentExecutions)
      .set({ status: 'running', started_at: options.now })
      .where(eq(teamAgentExecutions.id, step.id));
    job.read(await writeRows(tx, combineWrites([marked, job.statement])));
  }
  step.status = 'running';
}

/** The step's agent: as the caller read it under the lock, else read now; null when it was deleted. */
async function stepAgent(
  tx: Transaction,
  step: StepRow,
  known: KnownRows | undefined,
): Promise<PendingStepAgent | null> {
  if (known?.pending.has(step.id)) return known.pending.get(step.id) ?? null;
  const [agent] = await tx.select().from(agents).where(eq(agents.id, step.agent_id));
  return agent ? { agent, inputs: undefined } : null;
}

/** Runs a statement and answers its rows. */
async function writeRows(tx: Transaction, statement: SQL): Promise<Record<string, unknown>[]> {
  const result = (await tx.execute(statement)) as unknown as { rows: Record<string, unknown>[] };
  return result.rows;
}

async function cancelPending(tx: Transaction, steps: StepRow[], now: Date) {
  const pending = steps.filter((step) => step.status === 'pending');
  if (pending.length === 0) return;
  await tx
    .update(teamAgentExecutions)
    .set({ status: 'cancelled', finished_at: now })
    .where(
      inArray(
        teamAgentExecutions.id,
        pending.map((step) => step.id),
      ),
    );
  for (const step of pending) step.status = 'cancelled';
}

/** Ends the execution: its totals are exactly the sum of its runs' ledger rows; then its terminal event. */
async function settleExecution(
  deps: PlatformDeps,
  options: {
    tx: Transaction;
    execution: ExecutionRow;
    status: 'completed' | 'failed' | 'cancelled';
    steps: StepRow[];
    events: ExecutionEventDraft[];
    /** Appends `events` (with the caller's deferred writes). */
    append: (now: Date) => Promise<unknown>;
    known: KnownRows | undefined;
  },
) {
  const { tx, execution, status, steps, events } = options;
  const now = deps.clock();
  // Read with the step's record when it was the last one active; else summed now.
  const metrics = options.known?.totals ?? (await executionMetrics(tx, { executionId: execution.id }));
  const failed = steps.find((step) => step.status === 'failed');
  const error =
    status === 'failed'
      ? failed
        ? `Step ${failed.step_index} (${failed.role}) failed: ${failed.error}`
        : 'No step completed'
      : null;
  // Sent now; the events' write is sent behind it without waiting for its answer (ADR 0079).
  const variant = execution.started_at ? 'started' : 'unstarted';
  const ended = { status, usage_metrics: metrics.usage, cost_metrics: metrics.cost, error, finished_at: now };
  const values = prefixRow(
    teamExecutions,
    'x_',
    variant === 'started' ? ended : { ...ended, started_at: now },
  );
  sendAhead(tx, settleStatement(tx, variant, { ...values, execution_id: execution.id }));
  execution.status = status;
  events.push({ draft: terminalEvent(status, steps, metrics, error, failed) });
  await options.append(now);
}

const endKeys = ['status', 'usage_metrics', 'cost_metrics', 'error', 'finished_at'] as const;

/** The execution's end, a named statement (ADR 0080); `unstarted` also sets `started_at` (no step ever ran). */
const settleStatement = reusableStatement<'started' | 'unstarted'>(
  'renum_team_execution_end',
  (tx, variant) =>
    tx
      .update(teamExecutions)
      .set(placeholderRow(teamExecutions, 'x_', variant === 'started' ? endKeys : [...endKeys, 'started_at']))
      .where(eq(teamExecutions.id, sql.placeholder('execution_id'))),
);

function terminalEvent(
  status: 'completed' | 'failed' | 'cancelled',
  steps: StepRow[],
  metrics: Awaited<ReturnType<typeof executionMetrics>>,
  error: string | null,
  failed: StepRow | undefined,
): RunEventDraft {
  if (status === 'cancelled')
    return {
      type: 'status',
      status: 'stopped',
      content: 'Team execution cancelled',
      ...runNote('team.cancelled'),
    };
  if (status === 'failed')
    return {
      type: 'error',
      code: runEventErrorCodeSchema.catch('INTERNAL_ERROR').parse(failed?.error_code),
      error: error ?? 'The team execution failed',
      retryable: false,
      content: '❌ Erro',
      ...runNote('run.failed'),
    };
  const last = steps.filter((step) => step.status === 'completed').at(-1);
  return {
    type: 'complete',
    content: last ? resultText(last.result) : '',
    message_id: null,
    usage: {
      input_tokens: metrics.usage.tokens_input,
      output_tokens: metrics.usage.tokens_output,
      total_tokens: metrics.usage.total_tokens,
      cost_usd: Number(metrics.cost.cost_usd),
    },
  };
}

/** A step's usage and cost as its row stores them, for its `step_end`. */
export interface StepEndMetrics {
  usage: TeamUsageMetrics;
  cost: TeamCostMetrics;
}

/** A `step_end` event for a step; with `metrics` (a step that ran), its usage and cost. */
export function stepEnd(
  step: Pick<StepRow, 'id' | 'role'>,
  outcome: string,
  metrics?: StepEndMetrics,
): RunEventDraft {
  return {
    type: 'step_end',
    step_id: step.id,
    agent: step.role,
    content: `${step.role}: ${outcome}`,
    ...(metrics ? { individual_usage_metrics: metrics.usage, individual_cost_metrics: metrics.cost } : {}),
    ...runNote('step.ended', { role: step.role, outcome }),
  };
}

function eventOptions(
  engine: TeamEngineDeps,
  execution: ExecutionRow,
  now: Date,
  events: ExecutionEventDraft[],
) {
  return {
    clientId: execution.client_id,
    executionId: execution.id,
    now,
    events,
    bus: engine.bus,
    onPublishError: engine.onPublishError,
  };
}
