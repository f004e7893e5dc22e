import { AppError } from '@renum/contracts';
import { conversations, messages, type Transaction, users, withClient } from '@renum/db';
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { toWire } from '../wire.ts';
import { conversationToWire, loadConversation } from './conversation-id.ts';
import { type ConversationRunStopper, stopConversationRuns } from './stop-conversation-runs.ts';

/** Roles that may take a conversation over from its agent (members watch). */
export const takeoverRoles = ['owner', 'admin'] as const;

/**
 * A person (owner or admin) takes the conversation over: from now on its agent stores what arrives without
 * answering it. One conditional UPDATE decides, so of two people at once exactly one wins; the other gets
 * `409 CONFLICT` naming the holder. Taking over again what one already holds changes nothing. The change
 * is a `system` message in the conversation (the agent never reads those) and an audit entry. With `runs`,
 * an answer the agent is still writing (a run queued or running) is stopped once the takeover committed,
 * so nothing the agent says lands after the person took over; `stopped_run_ids` lists them.
 */
export async function takeOverConversation(
  deps: PlatformDeps,
  options: { principal: Principal; conversationId: string; runs?: ConversationRunStopper | undefined },
) {
  const { clientId } = requireRole(options.principal, takeoverRoles);
  const userId = requirePerson(options.principal);
  const handoff = await takeOver(deps, { ...options, clientId, userId });
  const stoppedRunIds =
    options.runs && handoff.message
      ? await stopConversationRuns(deps, {
          ...options.runs,
          principal: options.principal,
          clientId,
          conversationId: handoff.conversation.id,
        })
      : [];
  return { ...handoff, stopped_run_ids: stoppedRunIds };
}

async function takeOver(
  deps: PlatformDeps,
  options: { principal: Principal; conversationId: string; clientId: string; userId: string },
) {
  const { clientId, userId } = options;
  return withClient(deps.db, clientId, async (tx) => {
    const conversation = await loadConversation(tx, options.conversationId);
    const now = deps.clock();
    const [taken] = await tx
      .update(conversations)
      .set({ taken_over_by: userId, taken_over_at: now, updated_at: now })
      .where(and(eq(conversations.id, conversation.id), isNull(conversations.taken_over_by)))
      .returning();
    if (!taken) {
      // Read again: the holder may have committed while this update waited for the row.
      const [current] = await tx
        .select({ holder: conversations.taken_over_by })
        .from(conversations)
        .where(eq(conversations.id, conversation.id));
      if (current?.holder === userId) {
        return {
          conversation: conversationToWire({ ...conversation, ...current, taken_over_by: userId }),
          message: null,
        };
      }
      throw new AppError('CONFLICT', 'Someone else has taken this conversation over', {
        context: { conversation_id: conversation.id, taken_over_by: current?.holder ?? null },
      });
    }
    const message = await recordHandoff(deps, tx, {
      principal: options.principal,
      clientId,
      userId,
      conversationId: taken.id,
      action: 'taken_over',
    });
    return { conversation: conversationToWire(taken), message };
  });
}

/**
 * Gives the conversation back to its agent, which answers the next message again. The holder, an owner or
 * an admin may hand it back; one not taken over is `409 CONFLICT`.
 */
export async function handBackConversation(
  deps: PlatformDeps,
  options: { principal: Principal; conversationId: string },
) {
  const { clientId } = requireRole(options.principal, takeoverRoles);
  const userId = requirePerson(options.principal);
  return withClient(deps.db, clientId, async (tx) => {
    const conversation = await loadConversation(tx, options.conversationId);
    const notTakenOver = () =>
      new AppError('CONFLICT', 'This conversation is not taken over', {
        context: { conversation_id: conversation.id },
      });
    if (!conversation.taken_over_by) throw notTakenOver();
    const now = deps.clock();
    const [released] = await tx
      .update(conversations)
      .set({ taken_over_by: null, taken_over_at: null, updated_at: now })
      .where(
        and(
          eq(conversations.id, conversation.id),
          eq(conversations.taken_over_by, conversation.taken_over_by),
        ),
      )
      .returning();
    if (!released) throw notTakenOver();
    const message = await recordHandoff(deps, tx, {
      principal: options.principal,
      clientId,
      userId,
      conversationId: released.id,
      action: 'handed_back',
    });
    return { conversation: conversationToWire(released), message };
  });
}

/** An API key has no person to hold a conversation. */
export function requirePerson(principal: Principal): string {
  if (principal.kind !== 'user' || !principal.userId) {
    throw new AppError('FORBIDDEN', 'Only a person takes conversations over and replies in them');
  }
  return principal.userId;
}

/** The person's display name, as messages keep it. */
export async function personName(tx: Transaction, userId: string): Promise<string> {
  const [user] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return user?.name ?? 'Unknown';
}

async function recordHandoff(
  deps: PlatformDeps,
  tx: Transaction,
  options: {
    principal: Principal;
    clientId: string;
    userId: string;
    conversationId: string;
    action: 'taken_over' | 'handed_back';
  },
) {
  const name = await personName(tx, options.userId);
  const [row] = await tx
    .insert(messages)
    .values({
      id: deps.newId(),
      client_id: options.clientId,
      conversation_id: options.conversationId,
      role: 'system',
      text:
        options.action === 'taken_over'
          ? `${name} took the conversation over`
          : `${name} handed the conversation back to the agent`,
      content: [{ type: 'handoff', action: options.action, user_id: options.userId, name }],
      author_user_id: options.userId,
      author_name: name,
      created_at: deps.clock(),
    })
    .returning();
  await recordAudit(tx, {
    actor: options.principal,
    id: deps.newId(),
    entry: {
      action: options.action === 'taken_over' ? 'conversation.take_over' : 'conversation.hand_back',
      targetType: 'conversation',
      targetId: options.conversationId,
      clientId: options.clientId,
    },
  });
  return toWire(row!);
}
