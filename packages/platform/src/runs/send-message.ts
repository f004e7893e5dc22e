import { AppError, truncateText } from '@renum/contracts';
import { combineWrites, conversations, messages, runs, withClient } from '@renum/db';
import { matchTopics } from '@renum/runtime';
import { and, eq, inArray } from 'drizzle-orm';
import {
  assertConversationId,
  conversationNotFound,
  conversationToWire,
} from '../conversations/conversation-id.ts';
import { admitRun } from '../limits/admit-run.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { toWire } from '../wire.ts';
import { assertModelUsable, resolveModelKey } from './client-model-key.ts';
import { findIdempotentSend } from './idempotent-send.ts';
import { loadRunInputs, type RunContext } from './run-context.ts';
import type { RunDeps } from './run-deps.ts';
import { runExecuteJob } from './run-jobs.ts';
import type { RunManager } from './run-manager.ts';
import { runToWire } from './run-wire.ts';

/**
 * Stores a user message and starts the run that answers it. Fails before anything is written
 * when the answering model's provider is not configured (`400 MODEL_NOT_CONFIGURED`) or another
 * answer is still running in the conversation (`409 CONFLICT`). Returns the run, the message and
 * the conversation's last sequence number before the run, from which its events follow.
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
  const created = await withClient(deps.db, clientId, async (tx) => {
    // Locked: sends to one conversation queue here, and its event counter is ours to continue.
    assertConversationId(options.conversationId);
    const inputs = await loadRunInputs(tx, {
      conversationId: options.conversationId.toLowerCase(),
      lock: true,
      userText: options.content,
      historyTokenBudget: options.run.historyTokenBudget,
    });
    if (!inputs) throw conversationNotFound(options.conversationId);
    if (options.idempotencyKey) {
      const earlier = await findIdempotentSend(tx, options.idempotencyKey, inputs.conversation);
      if (earlier) return earlier;
    }
    await admitRun(deps, { tx, clientId }); // budget 402, concurrent runs and runs/minute 429
    const { conversation, busyRunId, ...loaded } = inputs;
    if (busyRunId) {
      throw new AppError('CONFLICT', 'An answer is still running in this conversation; stop it or wait', {
        context: { run_id: busyRunId },
      });
    }
    const { agent, activeSubAgents: active } = inputs;
    const fast = matchTopics({
      message: options.content,
      subAgents: active.map((subAgent) => ({ ...subAgent, isActive: subAgent.is_active })),
    });
    const model = fast?.subAgent.model ?? agent.model;
    // MODEL_NOT_CONFIGURED (naming the provider) unless the platform or the client has a key.
    const usable = {
      models: options.run.models,
      clientId,
      agentId: conversation.agent_id,
      tx,
      knownServices: inputs.ownKeyServices,
    };
    await resolveModelKey(deps, { ...usable, model });
    if (!fast && active.length > 0) await assertModelUsable(deps, { ...usable, model: agent.model }); // topic analysis
    // The run, the message and the conversation's update travel as one statement (ADR 0008). Every
    // column is given here, so the rows are known without reading them back.
    const now = deps.clock();
    const run: typeof runs.$inferSelect = {
      id: deps.newId(),
      client_id: clientId,
      conversation_id: conversation.id,
      agent_id: conversation.agent_id,
      sub_agent_id: fast?.subAgent.id ?? null,
      // Queued: whichever worker claims its job executes it (ADR 0009).
      status: 'queued',
      executor: agent.executor, // chosen per agent
      model,
      attempts: 0,
      error_code: null,
      error_message: null,
      routing_error: null,
      lease_owner: null,
      lease_expires_at: null,
      lease_token: null,
      cancel_requested_at: null,
      claims: 0,
      checkpoint: null,
      idempotency_key: options.idempotencyKey ?? null,
      tokens_input: 0,
      tokens_output: 0,
      cost_usd: '0',
      queued_at: now,
      started_at: null,
      first_token_at: null,
      finished_at: null,
      created_at: now,
      updated_at: now,
    };
    const message: typeof messages.$inferSelect = {
      id: deps.newId(),
      client_id: clientId,
      conversation_id: conversation.id,
      run_id: run.id,
      role: 'user',
      content: [{ type: 'text', text: options.content }],
      text: options.content,
      sub_agent_id: null,
      tokens_input: 0,
      tokens_output: 0,
      created_at: now,
    };
    const updated = {
      ...conversation,
      last_message_at: now,
      title: conversation.title ?? truncateText(options.content, 80),
    };
    // The job is the statement's last part (a transactional outbox: it exists if and only if this commits).
    const job = options.run.jobs.prepareEnqueue(
      tx,
      runExecuteJob,
      { run_id: run.id, client_id: clientId },
      { idempotencyKey: `run:${run.id}` },
    );
    await tx.execute(
      combineWrites([
        tx.insert(runs).values(run),
        tx.insert(messages).values(message),
        tx
          .update(conversations)
          .set({ last_message_at: updated.last_message_at, title: updated.title })
          .where(eq(conversations.id, conversation.id)),
        job.statement,
      ]),
    );
    // No key in it: the worker resolves the client's key itself, inside the outbound call's reach.
    const context: RunContext = { ...loaded, run, conversation: updated, userMessage: message };
    return { run, message, conversation: updated, afterSeq: conversation.last_seq, context };
  }).catch(async (error: unknown) => {
    // The same send, retried while the first was committing: answer the first.
    if (options.idempotencyKey && isUniqueViolation(error)) {
      const key = options.idempotencyKey;
      const earlier = await withClient(deps.db, clientId, async (tx) => {
        const [conversation] = await tx
          .select()
          .from(conversations)
          .where(eq(conversations.id, options.conversationId.toLowerCase()));
        return conversation ? findIdempotentSend(tx, key, conversation) : null;
      });
      if (earlier) return earlier;
    }
    // Another send to this conversation committed its run while this one waited (see migration 0008).
    if (!isActiveRunConflict(error)) throw error;
    const [busy] = await withClient(deps.db, clientId, (tx) =>
      tx
        .select({ id: runs.id })
        .from(runs)
        .where(
          and(
            eq(runs.conversation_id, options.conversationId.toLowerCase()),
            inArray(runs.status, ['queued', 'running']),
          ),
        ),
    );
    throw new AppError('CONFLICT', 'An answer is still running in this conversation; stop it or wait', {
      context: { run_id: busy?.id ?? null },
      cause: error,
    });
  });
  if (!('replayed' in created)) options.manager.hint(created.run.id, created.context);
  return {
    run: runToWire(created.run),
    message: toWire(created.message),
    conversation: conversationToWire(created.conversation),
    after_seq: created.afterSeq,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { cause?: { code?: string } })?.cause?.code === '23505';
}

/** True for the unique-index violation that refuses a second unfinished run in a conversation. */
function isActiveRunConflict(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string; constraint?: string; message?: string } })?.cause;
  if (cause?.code !== '23505') return false;
  const name = 'idx_runs_one_active_per_conversation';
  return cause.constraint === name || String(cause.message ?? '').includes(name);
}
