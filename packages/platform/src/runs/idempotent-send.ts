import { AppError } from '@renum/contracts';
import { type conversations, messages, runEvents, runs, type Transaction } from '@renum/db';
import { and, eq, min } from 'drizzle-orm';

/**
 * The send an `Idempotency-Key` already made in this client, answered again instead of storing a second
 * message and starting a second run. `after_seq` is the stream position before the run's first event, so
 * a retried streaming send replays the whole answer. A key used for another conversation is refused with
 * `409 CONFLICT`. Null when the key is new.
 */
export async function findIdempotentSend(
  tx: Transaction,
  key: string,
  conversation: typeof conversations.$inferSelect,
) {
  const [run] = await tx.select().from(runs).where(eq(runs.idempotency_key, key));
  if (!run) return null;
  if (run.conversation_id !== conversation.id) {
    throw new AppError('CONFLICT', 'This Idempotency-Key was already used for another conversation', {
      context: { run_id: run.id },
    });
  }
  const [message] = await tx
    .select()
    .from(messages)
    .where(and(eq(messages.run_id, run.id), eq(messages.role, 'user')));
  const [first] = await tx
    .select({ seq: min(runEvents.seq) })
    .from(runEvents)
    .where(and(eq(runEvents.stream_id, conversation.id), eq(runEvents.run_id, run.id)));
  if (!message) throw new AppError('INTERNAL_ERROR', 'The first send of this Idempotency-Key has no message');
  const afterSeq = first?.seq != null ? Number(first.seq) - 1 : conversation.last_seq;
  return { run, message, conversation, afterSeq, replayed: true as const };
}
