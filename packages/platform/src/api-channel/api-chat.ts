import { type ApiChatAnswer, type ApiChatBody, AppError, isTerminalRunEvent, isUuid } from '@renum/contracts';
import { conversations, messages, runs, type Transaction, withClient } from '@renum/db';
import { and, desc, eq } from 'drizzle-orm';
import { loadAgent } from '../agents/agent-id.ts';
import { upsertContact } from '../conversations/upsert-contact.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { followRunEvents } from '../runs/read-run-events.ts';
import type { RunDeps } from '../runs/run-deps.ts';
import type { RunManager } from '../runs/run-manager.ts';
import { runToWire } from '../runs/run-wire.ts';
import { sendMessage } from '../runs/send-message.ts';

function conversationNotFound(conversationId: string): AppError {
  return new AppError('CONVERSATION_NOT_FOUND', 'Conversation not found', {
    context: { conversation_id: conversationId },
  });
}

/**
 * The conversation an API message goes to: the one named (it must be this agent's and this contact's,
 * else `404 CONVERSATION_NOT_FOUND`), else the contact's open `api` conversation with the agent, else a
 * new one.
 */
async function apiConversation(
  deps: PlatformDeps,
  tx: Transaction,
  options: { clientId: string; agentId: string; contactId: string; conversationId: string | undefined },
): Promise<string> {
  const mine = and(
    eq(conversations.agent_id, options.agentId),
    eq(conversations.contact_id, options.contactId),
  );
  if (options.conversationId) {
    const wanted = options.conversationId.toLowerCase();
    if (!isUuid(wanted)) throw conversationNotFound(options.conversationId);
    const [named] = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(mine, eq(conversations.id, wanted)));
    if (!named) throw conversationNotFound(options.conversationId);
    return named.id;
  }
  const [open] = await tx
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(mine, eq(conversations.channel, 'api'), eq(conversations.status, 'open')))
    .orderBy(desc(conversations.id))
    .limit(1);
  if (open) return open.id;
  const [created] = await tx
    .insert(conversations)
    .values({
      id: deps.newId(),
      client_id: options.clientId,
      agent_id: options.agentId,
      contact_id: options.contactId,
      user_id: null,
      channel: 'api',
      title: null,
    })
    .returning({ id: conversations.id });
  return created!.id;
}

/**
 * A message to an agent through the API channel (issue 12): server to server, on behalf of the
 * caller's end user `external_user_id`, which finds or becomes a contact of the client. The agent must
 * be the caller's client's (`404 AGENT_NOT_FOUND` otherwise, also for another client's key or token).
 * The message is answered by a run exactly as a member's is: same quotas (budget, concurrent runs,
 * runs per minute) and the same metering; the conversation shows in the inbox, channel `api`.
 */
export async function startApiChat(
  deps: PlatformDeps,
  options: {
    principal: Principal;
    run: RunDeps;
    manager: RunManager;
    agentId: string;
    input: ApiChatBody;
    idempotencyKey?: string | undefined;
  },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const { input } = options;
  const found = await withClient(deps.db, clientId, async (tx) => {
    const agent = await loadAgent(tx, options.agentId);
    const contact = await upsertContact(tx, {
      clientId,
      id: deps.newId(),
      input: { external_id: input.external_user_id },
    });
    const conversationId = await apiConversation(deps, tx, {
      clientId,
      agentId: agent.id,
      contactId: contact.id,
      conversationId: input.conversation_id,
    });
    return { conversationId, contactId: contact.id };
  });
  const started = await sendMessage(deps, {
    principal: options.principal,
    run: options.run,
    manager: options.manager,
    conversationId: found.conversationId,
    content: input.message,
    idempotencyKey: options.idempotencyKey,
  });
  return { ...started, clientId, contactId: found.contactId };
}

/**
 * Waits for the run an API message started to end, then answers what it wrote: the answer's text, the
 * run (status, usage and cost) and the conversation and contact, for the non-streaming API channel.
 */
export async function awaitApiChatAnswer(
  deps: PlatformDeps,
  options: {
    run: RunDeps;
    clientId: string;
    contactId: string;
    started: { run: { id: string }; conversation: { id: string }; after_seq: number; replayed: boolean };
    signal?: AbortSignal | undefined;
  },
): Promise<ApiChatAnswer> {
  const { started } = options;
  await followRunEvents({
    db: deps.db,
    bus: options.run.bus,
    clientId: options.clientId,
    streamId: started.conversation.id,
    afterSeq: started.after_seq,
    runId: started.run.id,
    live: !started.replayed,
    isDone: isTerminalRunEvent,
    onEvent: () => undefined,
    signal: options.signal,
  });
  return withClient(deps.db, options.clientId, async (tx) => {
    const [run] = await tx.select().from(runs).where(eq(runs.id, started.run.id));
    const [answer] = await tx
      .select({ id: messages.id, text: messages.text })
      .from(messages)
      .where(and(eq(messages.run_id, started.run.id), eq(messages.role, 'assistant')))
      .orderBy(desc(messages.created_at))
      .limit(1);
    const wire = runToWire(run!);
    return {
      run_id: wire.id,
      conversation_id: started.conversation.id,
      contact_id: options.contactId,
      status: wire.status,
      answer: answer?.text ?? null,
      message_id: answer?.id ?? null,
      usage: {
        tokens_input: wire.tokens_input,
        tokens_output: wire.tokens_output,
        cost_usd: wire.cost_usd,
      },
      error: wire.error_code ? { code: wire.error_code, message: wire.error_message ?? '' } : null,
    };
  });
}
