import type { agents, conversations, Transaction, teamAgentExecutions } from '@renum/db';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { seqBlockSize } from '../runs/claim-run.ts';
import {
  type AgentAndClientInputs,
  loadRunInputs,
  newConversationInputs,
  type RunContext,
} from '../runs/run-context.ts';
import type { RunDeps } from '../runs/run-deps.ts';
import type { RunManager } from '../runs/run-manager.ts';
import { sendRows } from '../runs/send-rows.ts';
import type { DeferredWrites } from './advance-statement.ts';
import { writeStepRun } from './step-run-statement.ts';

/** A job's enqueue as a statement to run with other writes (`JobQueue.prepareEnqueue`). */
type PreparedJob = Pick<ReturnType<JobQueue['prepareEnqueue']>, 'call' | 'read'>;

/** This process's run worker, when it executes runs: a step's run is then stored already claimed by it. */
export interface LocalStepWorker {
  run: RunDeps;
  manager: RunManager;
}

/**
 * A conversation of the step's agent holding the input as its user message, and the step's run, recorded
 * on the step, in the caller's transaction. With `local` (this process executes runs, ADR 0029 §1) the run
 * is stored already claimed by this process and its context offered to the run manager, so the step's
 * worker skips the claim's transaction, as a chat send's worker does; any other worker that takes the
 * step's job claims the run over that lease, as after a crash.
 */
export async function createStepRun(
  deps: PlatformDeps,
  tx: Transaction,
  options: {
    execution: { id: string; client_id: string; user_id: string | null };
    step: typeof teamAgentExecutions.$inferSelect;
    agent: typeof agents.$inferSelect;
    input: string;
    /** The step's `output_schema`, asked of the model through its provider's API (ADR 0044). */
    outputSchema?: Record<string, unknown> | undefined;
    local?: LocalStepWorker | undefined;
    /** The step is being started: it is marked running from this time in the same write. */
    startedAt?: Date | undefined;
    /** The step's job, enqueued by the same statement (`JobQueue.prepareEnqueue`, ADR 0063). */
    job?: PreparedJob | undefined;
    /** What the run reads of its agent and client, read already (ADR 0076); else read after the write. */
    inputs?: AgentAndClientInputs | undefined;
    /**
     * Where to leave the write (a started step's, with its job) for the statement that appends the engine's
     * events (ADR 0076) instead of running it now; the job is read and the run offered after that statement.
     */
    defer?: DeferredWrites | undefined;
  },
): Promise<{ runId: string; conversationId: string }> {
  const { execution, step, agent, input, local } = options;
  const now = deps.clock();
  // Every column given (stored by the statement below with the run, nothing read back, ADR 0063).
  const conversation: typeof conversations.$inferSelect = {
    id: deps.newId(),
    client_id: execution.client_id,
    agent_id: agent.id,
    contact_id: null,
    user_id: execution.user_id,
    channel: 'api',
    title: `Team step ${step.step_index + 1}: ${step.role}`,
    status: 'open',
    summary: null,
    summary_through_message_id: null,
    last_seq: 0,
    seq_reserved: 0,
    last_message_at: now,
    taken_over_by: null,
    taken_over_at: null,
    created_at: now,
    updated_at: now,
  };
  // A new conversation: its events start at 1, and no other run can reserve numbers in it yet.
  const claim = local
    ? {
        leaseToken: deps.newId(),
        owner: local.run.processId,
        leaseMs: local.run.leaseMs,
        seq: { first: 1, last: seqBlockSize },
      }
    : undefined;
  const runId = deps.newId();
  const rows = sendRows({
    ids: { run: runId, message: deps.newId() },
    traceParent: deps.traceParent?.({ runId, clientId: execution.client_id }),
    now,
    clientId: execution.client_id,
    conversation,
    agent,
    model: agent.model,
    subAgentId: null,
    content: input,
    idempotencyKey: null,
    executionId: execution.id,
    outputSchema: options.outputSchema,
    claim,
  });
  const write = {
    rows,
    step: { id: step.id, run_id: rows.run.id, input, attempts: step.attempts + 1 },
    startedAt: options.startedAt,
  };
  const after = async (written: Record<string, unknown>[]) => {
    options.job?.read(written);
    if (local && claim) await offerContext(tx, { local, rows, input, claim, now, known: options.inputs });
  };
  const ids = { runId: rows.run.id, conversationId: conversation.id };
  const { defer, job } = options;
  if (defer && job && options.startedAt) {
    // Written with the events' append that follows (ADR 0076).
    defer.stepRun = { write, job: job.call, after };
    return ids;
  }
  // The conversation, run, message, step and job in one statement (the foreign keys are checked at its end).
  await after(await writeStepRun(tx, { ...write, job: job?.call }));
  return ids;
}

/**
 * Reads the run's inputs (one statement, after the run is stored) and offers them, with the claim, to this
 * process's worker; before the commit, so the step's job, run here right after it, finds them.
 */
async function offerContext(
  tx: Transaction,
  options: {
    local: LocalStepWorker;
    rows: ReturnType<typeof sendRows>;
    input: string;
    claim: { leaseToken: string; seq: { first: number; last: number } };
    now: Date;
    known: AgentAndClientInputs | undefined;
  },
) {
  const { local, rows, claim } = options;
  const loaded = options.known
    ? newConversationInputs(options.known, {
        historyTokenBudget: local.run.historyTokenBudget,
        now: options.now,
      })
    : await readInputs(tx, options);
  const context: RunContext = { ...loaded, ...rows, userMessage: rows.message };
  // Offered before the commit: the step's job runs here right after it (an offer left by a rolled-back
  // transaction names a run that never exists, and is dropped with the oldest).
  local.manager.hint(rows.run.id, { context, claim: { leaseToken: claim.leaseToken, seq: claim.seq } });
}

/** The run's inputs read after its rows are stored (one statement), for a step whose start did not read them. */
async function readInputs(
  tx: Transaction,
  options: { local: LocalStepWorker; rows: ReturnType<typeof sendRows>; input: string; now: Date },
) {
  const { local, rows } = options;
  const inputs = await loadRunInputs(tx, {
    conversationId: rows.conversation.id,
    lock: false,
    userText: options.input,
    beforeMessageId: rows.message.id, // stored just before: the history is what precedes it (none)
    historyTokenBudget: local.run.historyTokenBudget,
    now: options.now,
  });
  if (!inputs) throw new Error(`the conversation ${rows.conversation.id} of a team step is not readable`);
  const { busyRunId: _busy, conversation: _conversation, ...loaded } = inputs;
  return loaded;
}
