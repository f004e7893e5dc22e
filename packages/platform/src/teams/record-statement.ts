import {
  combineWrites,
  placeholderRow,
  prefixRow,
  reusableStatement,
  type Transaction,
  teamAgentExecutions,
  teamExecutions,
} from '@renum/db';
import { eq, sql } from 'drizzle-orm';
import type { JobLease } from '../jobs/job-handler.ts';
import { completeJobPlaceholders, completeJobValues } from '../jobs/settle-job.ts';
import { metricsJsonSql } from './execution-metrics.ts';

/** Whether the step adds an entry to the shared context, and whether the statement completes the step's job. */
type RecordVariant = `${'entry' | 'noentry'}_${'job' | 'nojob'}`;

const settledKeys = ['status', 'result', 'error_code', 'error', 'finished_at'] as const;

/**
 * A step's record in one statement (ADR 0063), built once per process and variant (`reusableStatement`, ADR
 * 0074): the step's result with its metrics summed from the ledger by the statement itself (`w0`), the shared
 * context's new entry (`w1`), and a last part with the event counter, the job's completion and the metrics.
 */
const recordStatement = reusableStatement<RecordVariant>('renum_team_step_record', (tx, variant) => {
  const [entry, job] = variant.split('_') as ['entry' | 'noentry', 'job' | 'nojob'];
  const value = (name: string) => sql.placeholder(name);
  const metrics = metricsJsonSql({ executionId: value('execution_id'), agentId: value('agent_id') });
  const completes = job === 'job';
  return combineWrites([
    tx
      .update(teamAgentExecutions)
      .set({
        ...placeholderRow(teamAgentExecutions, 'step_', settledKeys),
        individual_usage_metrics: metrics.usage,
        individual_cost_metrics: metrics.cost,
      })
      .where(eq(teamAgentExecutions.id, value('step_id')))
      .returning({
        usage: teamAgentExecutions.individual_usage_metrics,
        cost: teamAgentExecutions.individual_cost_metrics,
      }),
    ...(entry === 'entry'
      ? [
          tx
            .update(teamExecutions)
            .set({ shared_context: sql`${teamExecutions.shared_context} || ${value('entry')}::jsonb` })
            .where(eq(teamExecutions.id, value('execution_id')))
            .returning({ seq: teamExecutions.last_seq }),
        ]
      : []),
    sql`select ${entry === 'entry' ? sql`(select last_seq from w1)` : sql`null`} as seq,
      ${completes ? completeJobPlaceholders() : sql`null`} as completed,
      (select individual_usage_metrics from w0) as usage, (select individual_cost_metrics from w0) as cost`,
  ]);
});

/** Records a settled step ({@link recordStatement}); answers the statement's one row. */
export function writeStepRecord(
  tx: Transaction,
  options: {
    executionId: string;
    step: { id: string; agent_id: string };
    settled: Pick<typeof teamAgentExecutions.$inferInsert, (typeof settledKeys)[number]>;
    /** The shared context's new entry, when the step completed. */
    entry: Record<string, unknown> | undefined;
    completion: { lease: JobLease; now: Date } | undefined;
  },
): Promise<Record<string, unknown>[]> {
  const { step, entry, completion } = options;
  const values = prefixRow(teamAgentExecutions, 'step_', { ...options.settled, id: step.id });
  values.execution_id = options.executionId;
  values.agent_id = step.agent_id;
  if (entry) values.entry = JSON.stringify(entry);
  if (completion) completeJobValues(completion.lease, completion.now, values);
  return recordStatement(tx, `${entry ? 'entry' : 'noentry'}_${completion ? 'job' : 'nojob'}`, values);
}
