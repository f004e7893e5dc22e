import { messages, placeholderRow, prefixRow, runs, type Transaction, usageLogs } from '@renum/db';
import { and, eq, type SQLWrapper, sql } from 'drizzle-orm';
import type { JobLease } from '../jobs/job-handler.ts';
import { completeJobPlaceholders, completeJobValues } from '../jobs/settle-job.ts';
import type { ReusableTerminal, TerminalParts } from './run-event-writer.ts';

/** A run's final state as values (`settle-run.ts`): its columns, and what is added to its sums. */
export interface FinalRunValues {
  status: (typeof runs.$inferSelect)['status'];
  sub_agent_id: string | null;
  model: string;
  attempts: number;
  error_code: string | null;
  error_message: string | null;
  routing_error: string | null;
  finished_at: Date | null;
  addInput: number;
  addOutput: number;
  /** USD as exact decimal text. */
  addCost: string;
  /** ISO time, kept when the run already has one. */
  firstTokenAt: string | null;
}

/** Ledger rows a settlement is built once for; a run with more (a long tool loop) is built for its call. */
const maxReusableLedgerRows = 4;
const finalKeys = [
  'status',
  'sub_agent_id',
  'model',
  'attempts',
  'error_code',
  'error_message',
  'routing_error',
  'finished_at',
] as const;

/**
 * A settlement's own parts (the fenced run update as `w0`, the answer, the ledger rows) and last part (the
 * fence's check, the job's completion, the conversation as updated), with placeholders: a statement built once
 * per process and shape (ADR 0074), the shape being whether there is an answer and a job to complete, and each
 * ledger row's columns (the rest take their defaults). With more ledger rows than
 * {@link maxReusableLedgerRows} (few runs, many shapes) it is built for its call.
 */
export function reusableSettlement(options: {
  runId: string;
  leaseToken: string;
  final: FinalRunValues;
  answer: Partial<typeof messages.$inferInsert> | null;
  ledger: ReadonlyArray<Partial<typeof usageLogs.$inferInsert>>;
  completion: { lease: JobLease; now: Date } | undefined;
  check: (row: Record<string, unknown> | undefined) => void;
}): ReusableTerminal {
  const { answer, ledger, completion } = options;
  const answerKeys = answer
    ? (Object.keys(answer) as Array<keyof typeof messages.$inferInsert & string>)
    : [];
  const ledgerKeys = ledger.map(
    (row) => Object.keys(row) as Array<keyof typeof usageLogs.$inferInsert & string>,
  );
  return {
    variant:
      ledger.length > maxReusableLedgerRows
        ? undefined
        : `settle:${answerKeys.join('.')}:${completion ? 'job' : 'nojob'}:${ledgerKeys.map((k) => k.join('.')).join(',')}`,
    build: (tx) => ({
      with: settlementWrites(tx, answerKeys, ledgerKeys),
      select: (parts) => settlementCheck(parts, completion !== undefined),
    }),
    values: settlementValues(options),
    check: options.check,
  };
}

function settlementWrites(
  tx: Transaction,
  answerKeys: Array<keyof typeof messages.$inferInsert & string>,
  ledgerKeys: Array<Array<keyof typeof usageLogs.$inferInsert & string>>,
): SQLWrapper[] {
  const value = (name: string) => sql.placeholder(name);
  const writes: SQLWrapper[] = [
    tx
      .update(runs)
      .set({
        ...placeholderRow(runs, 'final_', finalKeys),
        tokens_input: sql`${runs.tokens_input} + ${value('final_add_input')}`,
        tokens_output: sql`${runs.tokens_output} + ${value('final_add_output')}`,
        cost_usd: sql`${runs.cost_usd} + ${value('final_add_cost')}::numeric`,
        first_token_at: sql`coalesce(${runs.first_token_at}, ${value('final_first_token_at')}::timestamptz)`,
        lease_owner: null,
        lease_expires_at: null,
        lease_token: null,
      })
      .where(and(eq(runs.id, value('final_run_id')), eq(runs.lease_token, value('final_lease_token'))))
      .returning({ id: runs.id }),
  ];
  if (answerKeys.length > 0)
    writes.push(tx.insert(messages).values(placeholderRow(messages, 'answer_', answerKeys)));
  if (ledgerKeys.length > 0)
    writes.push(
      tx
        .insert(usageLogs)
        .values(ledgerKeys.map((keys, index) => placeholderRow(usageLogs, `ledger${index}_`, keys))),
    );
  return writes;
}

/** Whether `w0` (the fenced run update) matched, the job's completion, the conversation as updated. */
function settlementCheck(parts: TerminalParts, completes: boolean) {
  const complete = completes ? sql`, ${completeJobPlaceholders()} as job_completed` : sql``;
  return sql`select exists (select 1 from w0) as held${complete},
    (select row_to_json(c) from ${parts.conversation} c) as conversation`;
}

function settlementValues(options: Parameters<typeof reusableSettlement>[0]): Record<string, unknown> {
  const { final, answer, ledger, completion } = options;
  const values = prefixRow(runs, 'final_', final);
  values.final_add_input = final.addInput;
  values.final_add_output = final.addOutput;
  values.final_add_cost = final.addCost;
  values.final_first_token_at = final.firstTokenAt;
  values.final_run_id = options.runId;
  values.final_lease_token = options.leaseToken;
  if (answer) prefixRow(messages, 'answer_', answer, values);
  ledger.forEach((row, index) => {
    prefixRow(usageLogs, `ledger${index}_`, row, values);
  });
  if (completion) completeJobValues(completion.lease, completion.now, values);
  return values;
}
