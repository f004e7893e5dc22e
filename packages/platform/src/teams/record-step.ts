import { runNote, type WorkflowStep, workflowStepDefaults } from '@renum/contracts';
import { type RowLock, type Transaction, teamAgentExecutions, withClient } from '@renum/db';
import { compileClientJsonSchema } from '@renum/tools';
import { parseJsonAnswer, parseStepResult, resultKey } from '@renum/workflows';
import { eq } from 'drizzle-orm';
import type { JobLease } from '../jobs/job-handler.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { advanceExecution, executionDefinition, stepEnd, type TeamEngineDeps } from './advance-execution.ts';
import type { DeferredWrites } from './advance-statement.ts';
import { cacheContextAfterCommit } from './cache-context.ts';
import { appendExecutionEvents, type ExecutionEventDraft } from './team-events.ts';
import { type ExecutionForRecord, loadExecutionForRecord, type RecordedRun } from './team-rows.ts';

/** How a step's run ended, as the step records it. */
type StepOutcome =
  | { status: 'completed'; result: unknown }
  | { status: 'failed' | 'cancelled'; code: string | null; error: string | null; retryable: boolean };

/**
 * Records what a step's run produced, under the execution's lock: a failed attempt with attempts left
 * clears the step's run (the caller starts another; `retry` is answered); otherwise the step's result,
 * its usage and cost summed from its runs' ledger rows, the result in the shared context, `step_end`,
 * and the engine's next move, in one transaction. The step's run events not yet forwarded (`forwarded`) are
 * appended in the same write, and with `completion` the step's job is completed in it too (then
 * `completion.completed` is set). Throws while the run is still active (the job retries).
 */
export async function recordStep(
  deps: PlatformDeps,
  engine: TeamEngineDeps,
  options: {
    clientId: string;
    executionId: string;
    stepId: string;
    runId: string;
    timedOut: boolean;
    forwarded?: ExecutionEventDraft[];
    completion?: { lease: JobLease; completed: boolean } | undefined;
    /** `loadExecutionForRecord`'s answer, already sent in this transaction after the lock (ADR 0079). */
    loaded?: Promise<ExecutionForRecord> | undefined;
  },
): Promise<'retry' | 'done'> {
  return withClient(
    deps.db,
    options.clientId,
    (tx) => recordStepIn(tx, deps, engine, options),
    recordShape(options.executionId),
  );
}

/**
 * How a step's record's transaction begins: with the execution's row lock (ADR 0078), and its statements
 * (keyed reads and writes, the same each step) planned once per connection (ADR 0082).
 */
export function recordShape(executionId: string): { lockFirst: RowLock; genericPlans: true } {
  return { lockFirst: { table: 'renum_team_executions', id: executionId }, genericPlans: true };
}

/**
 * {@link recordStep} in the caller's transaction: the recording transaction itself, or the settlement of
 * the step's run, which records the step in the same commit (ADR 0057). The transaction must hold the
 * execution's row lock from its start ({@link recordShape}): every statement after it sees what the
 * transactions that held it before committed.
 */
export async function recordStepIn(
  tx: Transaction,
  deps: PlatformDeps,
  engine: TeamEngineDeps,
  options: Parameters<typeof recordStep>[2],
): Promise<'retry' | 'done'> {
  const forwarded = options.forwarded ?? [];
  // The execution (locked), its steps, this step's run and answer, the next steps' agents: one statement.
  const loaded = await (options.loaded ?? loadExecutionForRecord(tx, options));
  const { execution, step, run } = loaded;
  if (step?.status !== 'running' || step.run_id !== options.runId) {
    await appendExecutionEvents(tx, eventOptions(deps, engine, options, forwarded));
    return 'done';
  }
  // The step's run waits for an approval (ADR 0039): the step stays running and its job ends; the
  // decision enqueues the step's job again, which executes the same run on.
  if (run?.status === 'suspended') {
    await appendExecutionEvents(tx, eventOptions(deps, engine, options, forwarded));
    return 'done';
  }
  if (!run || run.status === 'queued' || run.status === 'running')
    throw new Error(`the run ${options.runId} of team step ${step.id} is still active`);
  const definition = executionDefinition(execution).agents[step.step_index]!;
  const outcome = stepOutcome({
    run,
    text: loaded.text ?? '',
    step: definition,
    cancelled: execution.cancel_requested_at !== null,
    timedOut: options.timedOut,
  });
  const now = deps.clock();
  const event = { runId: run.id, stepIndex: step.step_index };
  const maxAttempts = definition.retry?.max_attempts ?? workflowStepDefaults.max_attempts;
  if (outcome.status === 'failed' && outcome.retryable && step.attempts < maxAttempts) {
    await tx
      .update(teamAgentExecutions)
      .set({ run_id: null, error_code: outcome.code, error: outcome.error })
      .where(eq(teamAgentExecutions.id, step.id));
    await appendExecutionEvents(
      tx,
      eventOptions(deps, engine, options, [
        ...forwarded,
        {
          ...event,
          draft: {
            type: 'status',
            status: 'retrying',
            content: `${step.role}: attempt ${step.attempts} of ${maxAttempts} failed (${outcome.error}); retrying`,
            ...runNote('step.retrying', {
              role: step.role,
              attempt: step.attempts,
              max: maxAttempts,
              error: String(outcome.error ?? ''),
            }),
          },
        },
      ]),
    );
    return 'retry';
  }
  const entry = outcome.status === 'completed' ? { [resultKey(step.agent_id)]: outcome.result } : undefined;
  const metrics = loaded.metrics ?? noMetrics;
  const settled = {
    status: outcome.status,
    result: outcome.status === 'completed' ? outcome.result : null,
    error_code: outcome.status === 'completed' ? null : outcome.code,
    error: outcome.status === 'completed' ? null : outcome.error,
    finished_at: now,
    individual_usage_metrics: metrics.usage,
    individual_cost_metrics: metrics.cost,
  };
  // The step's record (its metrics as summed under the lock), the shared context's new entry and the job's
  // completion travel with the engine's events, in one statement (ADR 0076).
  const completing = options.completion;
  const deferred: DeferredWrites = {
    record: {
      stepId: step.id,
      settled,
      entry,
      completion: completing ? { lease: completing.lease, now } : undefined,
      after(row) {
        if (completing) completing.completed = row.completed === true;
        if (entry)
          cacheContextAfterCommit(deps, engine, tx, {
            clientId: options.clientId,
            executionId: execution.id,
            version: Number(row.seq), // the event counter as this commit leaves it: it grows with each
            context: execution.shared_context,
          });
      },
    },
  };
  if (entry) execution.shared_context = { ...execution.shared_context, ...entry };
  // The engine goes on with the steps as read under the lock: this one as it is being written.
  Object.assign(step, settled);
  const said =
    outcome.status === 'completed'
      ? 'completed'
      : `${outcome.status}${outcome.error ? `: ${outcome.error}` : ''}`;
  await advanceExecution(deps, engine, {
    tx,
    execution,
    events: [...forwarded, { ...event, draft: stepEnd(step, said, metrics) }],
    known: loaded,
    deferred,
  });
  return 'done';
}

/** A step whose agent's runs left no ledger row. */
const noMetrics = {
  usage: { tokens_input: 0, tokens_output: 0, total_tokens: 0, model_calls: 0, tool_calls: 0 },
  cost: { cost_usd: '0.00000000' },
};

function eventOptions(
  deps: PlatformDeps,
  engine: TeamEngineDeps,
  options: { clientId: string; executionId: string },
  events: ExecutionEventDraft[],
) {
  return {
    clientId: options.clientId,
    executionId: options.executionId,
    now: deps.clock(),
    events,
    bus: engine.bus,
    onPublishError: engine.onPublishError,
  };
}

/** The step's outcome from its run: its answer (checked against the step's output schema), or why not. */
function stepOutcome(options: {
  run: RecordedRun;
  text: string;
  step: WorkflowStep;
  cancelled: boolean;
  timedOut: boolean;
}): StepOutcome {
  const { run, text, step } = options;
  if (run.status === 'stopped') {
    if (options.cancelled) return { status: 'cancelled', code: null, error: null, retryable: false };
    if (options.timedOut) {
      const seconds = step.retry?.timeout_seconds ?? workflowStepDefaults.timeout_seconds;
      return {
        status: 'failed',
        code: 'MODEL_TIMEOUT',
        error: `The step took longer than ${seconds} s`,
        retryable: true,
      };
    }
    return {
      status: 'failed',
      code: 'RUN_NOT_ACTIVE',
      error: 'The step’s run was stopped',
      retryable: false,
    };
  }
  if (run.status !== 'completed')
    return {
      status: 'failed',
      code: run.error_code ?? 'INTERNAL_ERROR',
      error: run.error_message ?? 'The step’s run failed',
      retryable: true,
    };
  if (!step.output_schema) return { status: 'completed', result: parseStepResult(text) };
  return checkedAnswer(text, step.output_schema);
}

function checkedAnswer(text: string, schema: Record<string, unknown>): StepOutcome {
  const json = parseJsonAnswer(text);
  const compiled = compileClientJsonSchema(schema);
  const problem =
    json === undefined
      ? 'the answer is not JSON'
      : !compiled.ok
        ? 'the output schema cannot be used'
        : (() => {
            const checked = compiled.validator.safeParse(json);
            if (checked.success) return null;
            const issue = checked.error.issues[0];
            return `${issue?.path.length ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'does not fit'}`;
          })();
  if (problem === null) return { status: 'completed', result: json };
  return {
    status: 'failed',
    code: 'VALIDATION_ERROR',
    error: `The answer does not fit the step’s output schema: ${problem}`,
    retryable: true,
  };
}
