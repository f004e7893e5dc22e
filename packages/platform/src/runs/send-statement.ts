import {
  combineWrites,
  conversations,
  messages,
  placeholderRow,
  prefixRow,
  reusableStatement,
  runs,
  type Transaction,
} from '@renum/db';
import { eq, sql } from 'drizzle-orm';
import {
  type EnqueueCall,
  type EnqueueKind,
  enqueueCallPlaceholders,
  enqueueCallValues,
} from '../jobs/enqueue-job.ts';
import type { sendRows } from './send-rows.ts';

/**
 * A send's one write: the run, the user's message, the conversation's update (last message time, title,
 * numbers reserved) and the run's job, in one statement (the job last: a transactional outbox) built once
 * per process and kind of enqueue (`reusableStatement`, ADR 0074).
 */
const sendStatement = reusableStatement<EnqueueKind>('renum_send', (tx, kind) =>
  combineWrites([
    tx.insert(runs).values(placeholderRow(runs, 'run_')),
    tx.insert(messages).values(placeholderRow(messages, 'message_')),
    tx
      .update(conversations)
      .set(placeholderRow(conversations, 'conversation_', ['last_message_at', 'title', 'seq_reserved']))
      .where(eq(conversations.id, sql.placeholder('conversation_id'))),
    enqueueCallPlaceholders(kind),
  ]),
);

/** Stores a send's rows ({@link sendRows}) and its job in one statement; answers the job's row. */
export function writeSend(
  tx: Transaction,
  rows: ReturnType<typeof sendRows>,
  job: EnqueueCall,
): Promise<Record<string, unknown>[]> {
  const values = prefixRow(runs, 'run_', rows.run);
  prefixRow(messages, 'message_', rows.message, values);
  // Every column of the conversation's row: the update reads the four it names.
  prefixRow(conversations, 'conversation_', rows.conversation, values);
  return sendStatement(tx, job.kind, enqueueCallValues(job, values));
}
