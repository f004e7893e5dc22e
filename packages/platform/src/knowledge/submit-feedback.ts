import { AppError, isUuid, type MessageFeedback, type MessageFeedbackBody } from '@renum/contracts';
import { messageFeedback, messages, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { toWire } from '../wire.ts';

/**
 * `POST /v1/messages/{id}/feedback` (seed 000, flow 3): thumbs up or down, with an optional comment, on an
 * assistant answer of the client's; stored with the chunks the answer cited, which retrieval then moves up
 * or down (the feedback prior). Sending again replaces the earlier feedback, so the effect is reversible.
 */
export async function submitFeedback(
  deps: PlatformDeps,
  options: { principal: Principal; messageId: string; input: MessageFeedbackBody },
): Promise<MessageFeedback> {
  const { clientId } = requireClient(options.principal);
  const notFound = new AppError('NOT_FOUND', 'Message not found', {
    context: { message_id: options.messageId },
  });
  if (!isUuid(options.messageId)) throw notFound;
  return withClient(deps.db, clientId, async (tx) => {
    const [message] = await tx
      .select({ id: messages.id, role: messages.role, citations: messages.citations })
      .from(messages)
      .where(eq(messages.id, options.messageId.toLowerCase()));
    if (!message) throw notFound;
    if (message.role !== 'assistant') {
      throw new AppError('VALIDATION_ERROR', 'Feedback is given on assistant answers only', {
        context: { field: 'id', message_id: message.id },
      });
    }
    const values = {
      rating: options.input.rating,
      comment: options.input.comment ?? null,
      chunk_ids: (message.citations ?? []).map((citation) => citation.chunk_id),
      created_by: options.principal.userId,
    };
    const [row] = await tx
      .insert(messageFeedback)
      .values({ id: deps.newId(), client_id: clientId, message_id: message.id, ...values })
      .onConflictDoUpdate({
        target: messageFeedback.message_id,
        set: { ...values, updated_at: deps.clock() },
      })
      .returning();
    if (!row) throw new Error('feedback upsert returned nothing');
    const { id: _id, client_id: _client, created_by: _by, ...rest } = toWire(row);
    return rest;
  });
}
