import {
  placeholderRow,
  prefixRow,
  reusableStatement,
  type Transaction,
  teamAgentExecutions,
} from '@renum/db';
import { eq, type SQLWrapper, sql } from 'drizzle-orm';
import {
  type EnqueueCall,
  type EnqueueKind,
  enqueueCallPlaceholders,
  enqueueCallValues,
} from '../jobs/enqueue-job.ts';
import type { JobLease } from '../jobs/job-handler.ts';
import { completeJobPlaceholders, completeJobValues } from '../jobs/settle-job.ts';
import { type StepRunWrite, stepRunValues, stepRunWrites } from './step-run-statement.ts';
import { type AppendOptions, appendExecutionEvents, appendParts, prepareAppend } from './team-events.ts';

/**
 * Writes of the engine's transaction held back to travel in the statement that appends its events (ADR 0076):
 * a step's record, and the run and job of one step it starts. Each is taken (and cleared) by the next append.
 */
export interface DeferredWrites {
  record?: DeferredRecord | undefined;
  stepRun?: DeferredStepRun | undefined;
}

const recordKeys = [
  'status',
  'result',
  'error_code',
  'error',
  'finished_at',
  'individual_usage_metrics',
  'individual_cost_metrics',
] as const;

/** A settled step's record: its result and metrics, the shared context's new entry, its job's completion. */
export interface DeferredRecord {
  stepId: string;
  settled: Pick<typeof teamAgentExecutions.$inferInsert, (typeof recordKeys)[number]>;
  /** The shared context's new entry, when the step completed. */
  entry: Record<string, unknown> | undefined;
  completion: { lease: JobLease; now: Date } | undefined;
  /** With the statement's row: `seq`, the event counter as the append left it; `completed`, the job's. */
  after(row: Record<string, unknown>): void;
}

/** A started step's run ({@link stepRunWrites}) and its job's enqueue. */
export interface DeferredStepRun {
  write: StepRunWrite;
  job: EnqueueCall;
  /** With the statement's rows (the job's id and whether it was created), before the commit. */
  after(rows: Record<string, unknown>[]): Promise<void>;
}

type AdvanceVariant =
  `${'record' | 'norecord'}_${'entry' | 'noentry'}_${'job' | 'nojob'}_${EnqueueKind | 'nonext'}`;

/**
 * The engine's writes after a step with its events' append in one statement (ADR 0076), built once per
 * process and variant (`reusableStatement`, ADR 0074): the step's record, the next step's conversation, run,
 * message and step update, the counter's update (with the shared context's new entry: one update of the
 * execution's row) and the events' insert, then one row with the counter, the step job's completion and the
 * next step's job (its enqueue in a part of its own, referenced, so it runs once).
 */
const advanceStatement = reusableStatement<AdvanceVariant>('renum_team_advance', (tx, variant) => {
  const [record, entry, job, next] = variant.split('_') as [string, string, string, EnqueueKind | 'nonext'];
  const writes: SQLWrapper[] = [
    ...(record === 'record'
      ? [
          tx
            .update(teamAgentExecutions)
            .set(placeholderRow(teamAgentExecutions, 'record_', recordKeys))
            .where(eq(teamAgentExecutions.id, sql.placeholder('record_id'))),
        ]
      : []),
    ...(next === 'nonext' ? [] : stepRunWrites(tx, 'start')),
  ];
  const parts = writes.map((write, index) => sql`${sql.raw(`w${index}`)} as (${write.getSQL()}), `);
  const starts = next !== 'nonext';
  return sql`with ${sql.join(parts)}${appendParts({ entry: entry === 'entry' })}${
    starts ? sql`, job as (${enqueueCallPlaceholders(next)})` : sql``
  }
    select counter.last_seq as seq, ${job === 'job' ? completeJobPlaceholders() : sql`null`} as completed${
      starts ? sql`, job.job_id, job.created` : sql``
    }
    from counter${starts ? sql` cross join job` : sql``}`;
});

/**
 * Appends the events with the writes `deferred` holds, in one statement (and clears them), or alone when it
 * holds none; answers the events as stored.
 */
export async function appendWithDeferred(
  tx: Transaction,
  deferred: DeferredWrites | undefined,
  options: AppendOptions,
) {
  if (!deferred?.record && !deferred?.stepRun) return appendExecutionEvents(tx, options);
  const { record, stepRun } = deferred;
  deferred.record = undefined;
  deferred.stepRun = undefined;
  const append = prepareAppend(options);
  const values: Record<string, unknown> = { ...append.values };
  if (record) {
    prefixRow(teamAgentExecutions, 'record_', { ...record.settled, id: record.stepId }, values);
    if (record.entry) values.entry = JSON.stringify(record.entry);
    if (record.completion) completeJobValues(record.completion.lease, record.completion.now, values);
  }
  if (stepRun) enqueueCallValues(stepRun.job, Object.assign(values, stepRunValues(stepRun.write)));
  const variant: AdvanceVariant = `${record ? 'record' : 'norecord'}_${record?.entry ? 'entry' : 'noentry'}_${
    record?.completion ? 'job' : 'nojob'
  }_${stepRun ? stepRun.job.kind : 'nonext'}`;
  const rows = await advanceStatement(tx, variant, values);
  const stored = append.finish(tx, rows[0]?.seq);
  record?.after(rows[0]!);
  await stepRun?.after(rows);
  return stored;
}
