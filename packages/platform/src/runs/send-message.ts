import { AppError } from '@renum/contracts';
import { conversations, isUniqueViolation, runs, type Transaction, withClient } from '@renum/db';
import { matchTopics } from '@renum/runtime';
import { and, eq, inArray } from 'drizzle-orm';
import {
  assertConversationId,
  conversationNotFound,
  conversationToWire,
} from '../conversations/conversation-id.ts';
import { storeMessage } from '../conversations/reply-as-person.ts';
import { admitRun } from '../limits/admit-run.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { assertFeatureEnabled, assertModelEnabled } from '../settings/read-settings.ts';
import { readStampedSettings, settingsOfStamp } from '../settings/settings-cache.ts';
import { toWire } from '../wire.ts';
import { seqBlockSize } from './claim-run.ts';
import { assertModelUsable } from './client-model-key.ts';
import { findIdempotentSend } from './idempotent-send.ts';
import { loadRunInputs, type RunContext, type RunInputs } from './run-context.ts';
import type { RunDeps } from './run-deps.ts';
import { runExecuteJob } from './run-jobs.ts';
import type { RunHint, RunManager } from './run-manager.ts';
import { runToWire } from './run-wire.ts';
import { sendRows } from './send-rows.ts';
import { writeSend } from './send-statement.ts';

/**
 * Stores a user message and starts the run that answers it. Fails before anything is written
 * when the answering model's provider is not configured (`400 MODEL_NOT_CONFIGURED`) or another
 * answer is still running in the conversation (`409 CONFLICT`). Returns the run, the message and
 * the conversation's last sequence number before the run, from which its events follow. While a person
 * holds the conversation (takeover), the message is only stored: `run` is null and `held` true.
 */
export async function sendMessage(
  deps: PlatformDeps,
  options: {
    principal: Principal;
    run: RunDeps;
    manager: RunManager;
    conversationId: string;
    content: string;
    /** `Idempotency-Key` of the request: a send retried with it answers the first run. */
    idempotencyKey?: string | undefined;
  },
) {
  const { clientId } = requireClient(options.principal);
  assertConversationId(options.conversationId);
  const created = await withClient(deps.db, clientId, (tx) => storeSend(deps, tx, clientId, options)).catch(
    (error: unknown) => afterConflict(deps, clientId, options, error),
  );
  if ('held' in created) {
    return {
      run: null,
      message: created.held,
      conversation: conversationToWire(created.conversation),
      after_seq: created.conversation.last_seq,
      replayed: false,
      held: true,
    };
  }
  return {
    run: runToWire(created.run),
    message: toWire(created.message),
    conversation: conversationToWire(created.conversation),
    after_seq: created.afterSeq,
    /** True when an `Idempotency-Key` answered an earlier send (its run may be over). */
    replayed: 'replayed' in created,
    held: false,
  };
}

type SendOptions = Parameters<typeof sendMessage>[1];

/** The send's one transaction: checks, then the run, message, conversation update and job in one statement. */
async function storeSend(deps: PlatformDeps, tx: Transaction, clientId: string, options: SendOptions) {
  // Locked: sends to one conversation queue here.
  const inputs = await loadRunInputs(tx, {
    conversationId: options.conversationId.toLowerCase(),
    lock: true,
    userText: options.content,
    historyTokenBudget: options.run.historyTokenBudget,
    now: deps.clock(),
  });
  if (!inputs) throw conversationNotFound(options.conversationId);
  if (options.idempotencyKey) {
    const earlier = await findIdempotentSend(tx, options.idempotencyKey, inputs.conversation);
    if (earlier) return earlier;
  }
  if (inputs.conversation.taken_over_by) {
    // A person holds the conversation (takeover): stored and shown, not answered by the agent.
    const held = await storeMessage(deps, tx, {
      clientId,
      conversationId: inputs.conversation.id,
      role: 'user',
      content: options.content,
    });
    return { held, conversation: inputs.conversation };
  }
  await admitRun(deps, { tx, clientId }); // budget 402, concurrent runs and runs/minute 429
  const { conversation, busyRunId, ...loaded } = inputs;
  if (busyRunId) throw busy(busyRunId);
  const answering = await chooseModel(deps, tx, clientId, inputs, options);
  const runId = deps.newId();
  let offered: RunHint | undefined;
  // The job is the statement's last part (a transactional outbox: it exists if and only if this commits).
  // With a free worker here, or else a live one in another process, it is stored claimed by that worker
  // and handed to it as soon as this commits (ADR 0029, 0073), with the context read here.
  const job = options.run.jobs.prepareEnqueue(
    tx,
    runExecuteJob,
    { run_id: runId, client_id: clientId },
    { idempotencyKey: `run:${runId}`, clientId, runHere: true, attachment: () => offered },
  );
  const claim = job.claimedBy ? storedClaim(deps, options.run, conversation, job.claimedBy) : undefined;
  const rows = sendRows({
    claim,
    ids: { run: runId, message: deps.newId() },
    traceParent: deps.traceParent?.({ runId, clientId }),
    now: deps.clock(),
    clientId,
    conversation,
    agent: inputs.agent,
    model: answering.model,
    subAgentId: answering.subAgentId,
    content: options.content,
    idempotencyKey: options.idempotencyKey ?? null,
  });
  // No key in it: the worker resolves the client's key itself. Offered before the commit: a job run here
  // starts right after it (an abandoned offer, if the transaction fails, names a run that never exists).
  const context: RunContext = { ...loaded, ...rows, userMessage: rows.message };
  offered = { context, ...(claim ? { claim: { leaseToken: claim.leaseToken, seq: claim.seq } } : {}) };
  // Kept here unless the run went to another process's worker with it (ADR 0073): this process's worker
  // may be the one that takes its job.
  if (!job.claimedElsewhere) options.manager.hint(rows.run.id, offered);
  await writeSend(tx, rows, job.call);
  return { ...rows, afterSeq: conversation.last_seq };
}

/**
 * When its job is stored claimed by a worker (this process's or another's, ADR 0009 §3, 0029, 0073), the
 * run is stored claimed by the same worker: its lease token and the block of sequence numbers for its
 * events are decided here, under the conversation's row lock, so the worker skips the claim's transaction.
 * Any other worker that takes the job first claims the run over it, as after a crash.
 */
function storedClaim(
  deps: PlatformDeps,
  run: RunDeps,
  conversation: { last_seq: number; seq_reserved: number },
  owner: string,
) {
  const first = Math.max(conversation.seq_reserved, conversation.last_seq) + 1;
  return {
    leaseToken: deps.newId(),
    owner,
    leaseMs: run.leaseMs,
    seq: { first, last: first + seqBlockSize - 1 },
  };
}

/**
 * The answering model (the sub-agent's whose topics occur in the message, else the agent's), checked
 * usable with the platform's key or the client's own: `400 MODEL_NOT_CONFIGURED` naming the provider
 * otherwise, for the agent's model too when topic analysis may run.
 */
async function chooseModel(
  deps: PlatformDeps,
  tx: Transaction,
  clientId: string,
  inputs: RunInputs,
  options: SendOptions,
) {
  const { agent, activeSubAgents: active } = inputs;
  const fast = matchTopics({
    message: options.content,
    subAgents: active.map((subAgent) => ({ ...subAgent, isActive: subAgent.is_active })),
  });
  const model = fast?.subAgent.model ?? agent.model;
  // The platform's enabled models bind every executor: a model disabled since the agent was saved is refused.
  // The version in force was read with the inputs; its content from this process's memory (ADR 0063).
  const settings = await settingsOfStamp(deps.db, inputs.settings.stamp, () => readStampedSettings(tx));
  assertModelEnabled(settings, model);
  // Suna switched off for every client (ADR 0042): its agents' sends are refused, nothing is queued.
  if (agent.executor === 'suna') assertFeatureEnabled(settings, 'suna');
  const usable = {
    models: options.run.models,
    clientId,
    agentId: agent.id,
    tx,
    knownServices: inputs.ownKeyServices,
  };
  // An external executor (Suna) calls its own models: nothing of ours to check.
  if (agent.executor !== 'builtin') return { model, subAgentId: fast?.subAgent.id ?? null };
  // Checked only: the worker resolves the key it calls with (the platform's unless the client has one).
  await assertModelUsable(deps, { ...usable, model });
  if (!fast && active.length > 0) await assertModelUsable(deps, { ...usable, model: agent.model });
  return { model, subAgentId: fast?.subAgent.id ?? null };
}

const busy = (runId: string | null, cause?: unknown) =>
  new AppError('CONFLICT', 'An answer is still running in this conversation; stop it or wait', {
    context: { run_id: runId },
    ...(cause ? { cause } : {}),
  });

/**
 * A unique-index violation after the send's checks: the same send retried while the first was
 * committing (answered with the first), or another send that committed its run while this one waited
 * (migration 0008: `409 CONFLICT` with that run's id).
 */
async function afterConflict(deps: PlatformDeps, clientId: string, options: SendOptions, error: unknown) {
  const conversationId = options.conversationId.toLowerCase();
  if (options.idempotencyKey && isUniqueViolation(error)) {
    const key = options.idempotencyKey;
    const earlier = await withClient(deps.db, clientId, async (tx) => {
      const [conversation] = await tx
        .select()
        .from(conversations)
        .where(eq(conversations.id, conversationId));
      return conversation ? findIdempotentSend(tx, key, conversation) : null;
    });
    if (earlier) return earlier;
  }
  if (!isUniqueViolation(error, 'idx_runs_one_active_per_conversation')) throw error;
  const [running] = await withClient(deps.db, clientId, (tx) =>
    tx
      .select({ id: runs.id })
      .from(runs)
      .where(and(eq(runs.conversation_id, conversationId), inArray(runs.status, ['queued', 'running']))),
  );
  throw busy(running?.id ?? null, error);
}
