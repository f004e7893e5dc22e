import type { RunEvent, RunEventDraft } from '@renum/contracts';
import { runNote, sumUsd } from '@renum/contracts';
import {
  type conversations,
  type MessageCitation,
  runs,
  type Transaction,
  type TransactionShape,
  withClient,
} from '@renum/db';
import type { PriceOverride, RunExecutionState, StepUsage } from '@renum/runtime';
import { and, eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { reportFailure } from '../logger.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { ClaimedRun } from './claim-run.ts';
import { type ExtraModelCall, extraCallUsage } from './extra-model-call.ts';
import type { Routing } from './route-run.ts';
import type { RunContext } from './run-context.ts';
import type { RunEventWriter } from './run-event-writer.ts';
import { RunLeaseLost } from './run-fence.ts';
import type { JobCompletion } from './run-jobs.ts';
import { type FinalRunValues, reusableSettlement } from './settle-statement.ts';

/** One call of a tool that runs in Renum (see `isLocalTool`): it costs nothing but counts as a call. */
export interface LocalToolCall {
  tool: string;
  isError: boolean;
  durationMs: number;
  at: Date;
}

/** What an agent step produced, to be settled. */
export interface StepOutcome {
  final: RunExecutionState;
  /** The terminal event the executor ended with (null: none, reported as an internal error). */
  held: RunEventDraft | null;
  steps: StepUsage[];
  extraCalls: ExtraModelCall[];
  /** The price overrides the step started with: routing and summary calls are priced with them too. */
  priceOverride?: PriceOverride | undefined;
  toolParts: Array<Record<string, unknown>>;
  /** Calls of local tools, metered with the run (proxied calls are metered by the proxy). */
  localToolCalls?: LocalToolCall[] | undefined;
  routing: Routing;
  firstTokenAt: Date | null;
  /** The knowledge sources the prompt held (the `retrieval` event's), stored on the answer. */
  citations?: MessageCitation[] | null | undefined;
  /** A tool call became an approval request: the run ends `suspended`, not `completed` (ADR 0039). */
  suspended?: boolean | undefined;
}

const missingTerminal: RunEventDraft = {
  type: 'error',
  code: 'INTERNAL_ERROR',
  error: 'The executor ended without a final event',
  retryable: false,
  content: '❌ Erro',
  ...runNote('run.failed'),
};

/**
 * Work that commits with a run's settlement (ADR 0057): a team step records its result, starts the next
 * step and completes its job in the transaction that settles its run.
 */
export interface SettleHook<Ahead = unknown> {
  /** Called before the settlement's transaction opens (no transaction may be awaited inside it). */
  prepare?(): Promise<void>;
  /**
   * How the settlement's transaction begins: a row it locks before the run's rows (ADR 0078), its plans
   * (ADR 0082).
   */
  shape?: TransactionShape | undefined;
  /**
   * A read sent right behind the settlement's statement, before its answer (ADR 0079): it sees the run's
   * final state. Not sent when the settlement stores tool calls after its statement.
   */
  readAhead?(tx: Transaction): Promise<Ahead>;
  /**
   * Runs in the settlement's transaction, after the run's final state and terminal event are written, with
   * `readAhead`'s answer when it was sent.
   */
  inTransaction(tx: Transaction, terminal: RunEvent, ahead: Promise<Ahead> | undefined): Promise<void>;
}

/** A failure of a {@link SettleHook}: the settlement rolled back and is tried again without it. */
class SettleHookFailed extends Error {}

/** A committed settlement: the terminal event to publish, and the conversation as the settlement left it. */
export interface Settlement {
  event: RunEvent;
  /** The conversation's row from the settlement's own statement (null: not returned). */
  conversation: typeof conversations.$inferSelect | null;
}

/**
 * Settles a run in one transaction, in one statement fenced by the lease (ADR 0009 §4, ADR 0029): the
 * run's final state (its update matches only while this worker holds the lease), the assistant message,
 * one ledger row per model call, the terminal event and, given the job's lease, the job's completion
 * commit together, or not at all when the lease is gone (`RunLeaseLost`). With `hook`, its work commits in
 * the same transaction; when the hook fails, the failure is logged and the run is settled without it.
 * Returns the terminal event to publish.
 */
export async function settleRun(
  deps: PlatformDeps,
  options: {
    claimed: ClaimedRun;
    context: RunContext;
    writer: RunEventWriter;
    outcome: StepOutcome;
    completion?: JobCompletion | undefined;
    hook?: SettleHook | undefined;
  },
): Promise<Settlement> {
  const { hook, ...settlement } = options;
  if (!hook) return settleOnce(deps, settlement);
  await hook.prepare?.();
  try {
    return await settleOnce(deps, settlement, hook);
  } catch (error) {
    if (!(error instanceof SettleHookFailed)) throw error;
    reportFailure(deps, 'run.settle_hook', error.cause, { run_id: options.claimed.run.id });
    return settleOnce(deps, settlement);
  }
}

async function settleOnce(
  deps: PlatformDeps,
  options: Omit<Parameters<typeof settleRun>[1], 'hook'>,
  hook?: SettleHook,
): Promise<Settlement> {
  const { claimed, writer, outcome, completion } = options;
  const { run, leaseToken } = claimed;
  const rows = settlementRows(deps, options);
  let conversation: Settlement['conversation'] = null;
  const check = (row: Record<string, unknown> | undefined) => {
    fenceCheck(run.id, completion)(row);
    conversation = conversationOfJson(row?.conversation);
  };
  const held = outcome.held ?? missingTerminal;
  const draft =
    held.type === 'complete' ? { ...held, message_id: rows.answer ? rows.assistantId : null } : held;
  await writer.idle();
  const readAhead = hook?.readAhead;
  // The terminal event commits with the run's final state, so whoever sees it can read it all; the
  // statement returns the conversation's row as it updates it, so the inbox is told of it without a read.
  const event = await withClient(
    deps.db,
    run.client_id,
    (tx) =>
      writer.writeTerminal(tx, draft, {
        touch: deps.clock(),
        // Built once per process and shape (ADR 0074).
        reusable: reusableSettlement({
          ...rows,
          runId: run.id,
          leaseToken,
          completion: completion ? { lease: completion.lease, now: rows.now } : undefined,
          check,
        }),
        readAhead: readAhead && (() => readAhead.call(hook, tx)),
        after: hook
          ? (terminal, ahead) =>
              hook.inTransaction(tx, terminal, ahead).catch((error: unknown) => {
                throw new SettleHookFailed('the settlement hook failed', { cause: error });
              })
          : undefined,
      }),
    // The hook's lock first: the order every writer of a team execution takes its locks in.
    hook?.shape,
  );
  return { event, conversation };
}

/** What a settlement writes besides its events: the run's final state, the answer (if any), the ledger rows. */
function settlementRows(deps: PlatformDeps, options: Omit<Parameters<typeof settleRun>[1], 'hook'>) {
  const { context, outcome } = options;
  const assistantId = deps.newId();
  const answered = outcome.final.text !== '' || outcome.toolParts.length > 0;
  return {
    assistantId,
    final: finalRunValues(deps, context, outcome),
    answer: answered ? assistantRow(context, outcome, assistantId) : null,
    ledger: ledgerRows(deps, context, outcome),
    now: deps.clock(),
  };
}

/** The run's update, matching only while `leaseToken` holds it; it is the statement's part `w0`. */
function fencedRunUpdate(
  tx: Transaction,
  runId: string,
  leaseToken: string,
  set: PgUpdateSetSource<typeof runs>,
) {
  return tx
    .update(runs)
    .set(set)
    .where(and(eq(runs.id, runId), eq(runs.lease_token, leaseToken)))
    .returning({ id: runs.id });
}

/**
 * Checks the statement's last row: whether `w0` (the fenced run update) matched, and the job's completion.
 * Without the lease the whole transaction rolls back (`RunLeaseLost`), the job's completion with it.
 */
function fenceCheck(runId: string, completion?: JobCompletion) {
  return (row: Record<string, unknown> | undefined) => {
    if (row?.held !== true) throw new RunLeaseLost(runId);
    if (completion) completion.completed = row.job_completed === true;
  };
}

/** The conversation's row read back from `row_to_json` (timestamps as text), as Drizzle would give it. */
function conversationOfJson(json: unknown): Settlement['conversation'] {
  if (!json || typeof json !== 'object') return null;
  const row = json as typeof conversations.$inferSelect & Record<string, unknown>;
  const date = (value: unknown) => (typeof value === 'string' ? new Date(value) : null);
  return {
    ...row,
    last_message_at: date(row.last_message_at),
    taken_over_at: date(row.taken_over_at),
    created_at: new Date(row.created_at as unknown as string),
    updated_at: new Date(row.updated_at as unknown as string),
  };
}

function assistantRow(context: RunContext, outcome: StepOutcome, id: string) {
  const { final, toolParts } = outcome;
  return {
    id,
    client_id: context.run.client_id,
    conversation_id: context.conversation.id,
    run_id: context.run.id,
    role: 'assistant' as const,
    text: final.text,
    content: [...toolParts, ...(final.text ? [{ type: 'text', text: final.text }] : [])],
    sub_agent_id: outcome.routing.subAgent?.id ?? null,
    tokens_input: final.usage.inputTokens,
    tokens_output: final.usage.outputTokens,
    citations: outcome.citations ?? null,
  };
}

/**
 * One ledger row per model call (the run's own steps and the extra calls alike) and one per call of a
 * local tool, free, like the MCP path writes for built-ins: without them usage by tool showed nothing
 * but the model calls, as a tool without a name.
 */
function ledgerRows(deps: PlatformDeps, context: RunContext, outcome: StepOutcome) {
  const base = {
    client_id: context.run.client_id,
    agent_id: context.agent.id,
    sub_agent_id: outcome.routing.subAgent?.id ?? null,
    run_id: context.run.id,
    conversation_id: context.conversation.id,
    execution_id: context.run.execution_id, // a team step's calls count to its execution too
    kind: 'model' as const,
  };
  return [
    ...outcome.extraCalls.map((call) => ({
      id: deps.newId(),
      ...base,
      ...extraCallUsage(call, outcome.priceOverride),
    })),
    ...outcome.steps.map((step) => ({
      id: deps.newId(),
      ...base,
      model_provider: step.provider,
      model_name: step.modelName,
      api_key_type: step.apiKeyType,
      tokens_input: step.inputTokens,
      tokens_output: step.outputTokens,
      cost_usd: step.costUsdText,
      price_version: step.priceVersion,
      latency_ms: Math.round(step.latencyMs),
      ...(step.executor ? { request_data: { executor: step.executor } } : {}),
    })),
    ...(outcome.localToolCalls ?? []).map((call) => ({
      id: deps.newId(),
      ...base,
      kind: 'tool' as const,
      tool_name: call.tool,
      api_key_type: 'client' as const, // as the MCP path's built-in rows
      units: call.isError ? '0' : '1',
      cost_usd: '0',
      latency_ms: call.durationMs,
      request_data: { service: 'builtin' },
      response_data: { status: call.isError ? 'error' : 'ok' },
      created_at: call.at,
    })),
  ];
}

/**
 * The run's state after this step, as values. Usage and cost add to what the run already holds: a run
 * resumed after an approval (ADR 0039) settles once per part, each part's model calls metered once.
 */
function finalRunValues(deps: PlatformDeps, context: RunContext, outcome: StepOutcome): FinalRunValues {
  const { final, steps, extraCalls, routing } = outcome;
  const status =
    final.status === 'queued' || final.status === 'running'
      ? ('failed' as const)
      : outcome.suspended && final.status === 'completed'
        ? ('suspended' as const)
        : final.status;
  const cost = sumUsd([
    ...steps.map((step) => step.costUsdText),
    ...extraCalls.map((c) => extraCallUsage(c, outcome.priceOverride).cost_usd),
  ]);
  return {
    status,
    sub_agent_id: routing.subAgent?.id ?? null,
    model: steps.at(-1)?.modelId ?? routing.subAgent?.model ?? context.agent.model,
    attempts: final.attempts,
    error_code: final.error?.code ?? null,
    error_message: final.error?.message ?? null,
    routing_error: routing.routingError,
    finished_at: status === 'suspended' ? null : (final.finishedAt ?? deps.clock()),
    addInput: final.usage.inputTokens + sumOf(extraCalls, 'inputTokens'),
    addOutput: final.usage.outputTokens + sumOf(extraCalls, 'outputTokens'),
    addCost: cost,
    firstTokenAt: outcome.firstTokenAt?.toISOString() ?? null,
  };
}

function sumOf(calls: readonly ExtraModelCall[], field: 'inputTokens' | 'outputTokens'): number {
  return calls.reduce((total, call) => total + call[field], 0);
}

/**
 * Ends a run without an agent step (a stop seen at claim, too many claims, an unexpected failure):
 * the run's new state and its terminal event commit together, fenced by the lease when one is given.
 * Null when the fence or the status check found the run no longer ours to settle.
 */
export async function endRun(
  deps: PlatformDeps,
  options: {
    clientId: string;
    runId: string;
    leaseToken: string | null;
    writer: RunEventWriter;
    set: Partial<typeof runs.$inferInsert>;
    draft: RunEventDraft;
  },
): Promise<RunEvent | null> {
  await options.writer.idle();
  return withClient(deps.db, options.clientId, async (tx) => {
    const set = {
      ...options.set,
      finished_at: deps.clock(),
      lease_owner: null,
      lease_expires_at: null,
      lease_token: null,
    };
    if (!options.leaseToken) {
      const update = tx.update(runs).set(set).where(eq(runs.id, options.runId));
      return options.writer.writeTerminal(tx, options.draft, { with: [update] });
    }
    return options.writer.writeTerminal(tx, options.draft, {
      with: [fencedRunUpdate(tx, options.runId, options.leaseToken, set)],
      select: { sql: sql`select exists (select 1 from w0) as held`, check: fenceCheck(options.runId) },
    });
  });
}
