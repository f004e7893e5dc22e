import { AppError } from '@renum/contracts';
import { conversations, runs, withClient } from '@renum/db';
import { and, eq, inArray } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { loadConversation } from './conversation-id.ts';

/**
 * Deletes a conversation of the caller's client with its messages, runs and run events (the database
 * cascades; the usage ledger keeps its rows). Refused with `409 CONFLICT` while an answer is in progress:
 * stop it first, so no worker writes into a conversation that is gone.
 */
export async function deleteConversation(
  deps: PlatformDeps,
  options: { principal: Principal; conversationId: string },
): Promise<void> {
  const { clientId } = requireClient(options.principal);
  await withClient(deps.db, clientId, async (tx) => {
    const conversation = await loadConversation(tx, options.conversationId);
    const active = await tx
      .select({ id: runs.id })
      .from(runs)
      .where(
        and(
          eq(runs.conversation_id, conversation.id),
          inArray(runs.status, ['queued', 'running', 'suspended']),
        ),
      )
      .limit(1);
    if (active.length > 0) {
      throw new AppError('CONFLICT', 'An answer is in progress in this conversation: stop it first', {
        context: { conversation_id: conversation.id, run_id: active[0]!.id },
      });
    }
    await tx.delete(conversations).where(eq(conversations.id, conversation.id));
  });
}
