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
import { eq, type SQLWrapper, sql } from 'drizzle-orm';
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
    ...sendRowsInserts(tx),
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
  // The conversation's update reads the four columns it names of the values' every column.
  return sendStatement(tx, job.kind, enqueueCallValues(job, sendRowsValues(rows)));
}

/** The inserts of a send's run and user message ({@link sendRows}), with placeholders ({@link sendRowsValues}). */
export function sendRowsInserts(tx: Transaction): SQLWrapper[] {
  return [
    tx.insert(runs).values(placeholderRow(runs, 'run_')),
    tx.insert(messages).values(placeholderRow(messages, 'message_')),
  ];
}

/**
 * The values of {@link sendRowsInserts} (`run_…`, `message_…`), and every column of the conversation as the send
 * leaves it (`conversation_…`), for the statement's part that writes it.
 */
export function sendRowsValues(rows: ReturnType<typeof sendRows>): Record<string, unknown> {
  const values = prefixRow(runs, 'run_', rows.run);
  prefixRow(messages, 'message_', rows.message, values);
  prefixRow(conversations, 'conversation_', rows.conversation, values);
  return values;
}
