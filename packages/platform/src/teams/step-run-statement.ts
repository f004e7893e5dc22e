import {
  combineWrites,
  conversations,
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
import type { sendRows } from '../runs/send-rows.ts';
import { sendRowsInserts, sendRowsValues } from '../runs/send-statement.ts';

/** Whether the step is marked running by the write, and which enqueue ends it (none: the caller's job is elsewhere). */
type StepRunVariant = `${'start' | 'retry'}_${EnqueueKind | 'nojob'}`;

/**
 * A step's run stored in one statement (ADR 0063): its conversation, run and user message, the step's
 * update (its run, input and attempts, and with `start` its status and start time) and the step's job,
 * built once per process and variant (`reusableStatement`, ADR 0074). The foreign keys are checked at its end.
 */
const stepRunStatement = reusableStatement<StepRunVariant>('renum_team_step_run', (tx, variant) => {
  const [marking, kind] = variant.split('_') as ['start' | 'retry', EnqueueKind | 'nojob'];
  return combineWrites([
    ...stepRunWrites(tx, marking),
    ...(kind === 'nojob' ? [] : [enqueueCallPlaceholders(kind)]),
  ]);
});

/**
 * The writes of a step's run (placeholders: {@link stepRunValues}): its conversation, run and user message,
 * and the step's update, which with `start` also marks it running.
 */
export function stepRunWrites(tx: Transaction, marking: 'start' | 'retry'): SQLWrapper[] {
  const stepKeys = ['run_id', 'input', 'attempts'] as const;
  return [
    tx.insert(conversations).values(placeholderRow(conversations, 'conversation_')),
    ...sendRowsInserts(tx),
    tx
      .update(teamAgentExecutions)
      .set(
        placeholderRow(
          teamAgentExecutions,
          'step_',
          marking === 'start' ? [...stepKeys, 'status', 'started_at'] : stepKeys,
        ),
      )
      .where(eq(teamAgentExecutions.id, sql.placeholder('step_id'))),
  ];
}

/** What a step's run stores ({@link sendRows}) and the step's update: see {@link writeStepRun}. */
export interface StepRunWrite {
  rows: ReturnType<typeof sendRows>;
  step: { id: string; run_id: string; input: string; attempts: number };
  /** The step is started by the write (marked running from this time); else a retry's new run. */
  startedAt: Date | undefined;
}

/** The values of {@link stepRunWrites}' placeholders. */
export function stepRunValues(write: StepRunWrite): Record<string, unknown> {
  const { rows, step, startedAt } = write;
  const values = sendRowsValues(rows);
  prefixRow(
    teamAgentExecutions,
    'step_',
    startedAt ? { ...step, status: 'running', started_at: startedAt } : step,
    values,
  );
  return values;
}

/** Stores a step's run ({@link sendRows}), updates the step and enqueues its job; answers the job's row. */
export function writeStepRun(
  tx: Transaction,
  options: StepRunWrite & { job: EnqueueCall | undefined },
): Promise<Record<string, unknown>[]> {
  const { startedAt, job } = options;
  const values = stepRunValues(options);
  if (job) enqueueCallValues(job, values);
  return stepRunStatement(tx, `${startedAt ? 'start' : 'retry'}_${job?.kind ?? 'nojob'}`, values);
}
