/**
 * Where a team step's time goes (issue 14's engine overhead), from the timestamps the engine stores
 * with the process's clock: the step marked running, its run created, claimed, first token, settled,
 * and the step recorded. Medians over every step of the given executions, in milliseconds.
 */
import { runs, teamAgentExecutions, teamExecutions, withClient } from '@renum/db';
import { eq, inArray } from 'drizzle-orm';
import type { Platform } from '../../apps/server/src/boot.ts';
import { round, summarize } from './stats.ts';

/** Median duration of each phase of a step, and of the gap between two steps. */
export interface TeamStepPhases {
  /** Step marked running (the previous step's record) → its run stored (job hand-off and preparation). */
  handOffAndPrepare: number;
  /** Run stored → run claimed by the worker. */
  claim: number;
  /** Run claimed → first token (prompt, model call). */
  toFirstToken: number;
  /** First token → run settled (stream, settlement). */
  streamAndSettle: number;
  /** Run settled → step recorded (events forwarded, result, next step started). */
  record: number;
  /** Execution created → first step running. */
  start: number;
}

const ms = (from: Date | null, to: Date | null) => (from && to ? to.getTime() - from.getTime() : Number.NaN);

/** Reads the phases of the steps of `executionIds` (all of one client). */
export async function teamStepPhases(
  platform: Platform,
  options: { clientId: string; executionIds: string[] },
): Promise<TeamStepPhases> {
  const rows = await withClient(platform.deps.db, options.clientId, (tx) =>
    tx
      .select({
        executionCreated: teamExecutions.created_at,
        stepIndex: teamAgentExecutions.step_index,
        stepStarted: teamAgentExecutions.started_at,
        stepFinished: teamAgentExecutions.finished_at,
        runQueued: runs.queued_at,
        runStarted: runs.started_at,
        runFirstToken: runs.first_token_at,
        runFinished: runs.finished_at,
      })
      .from(teamAgentExecutions)
      .innerJoin(teamExecutions, eq(teamExecutions.id, teamAgentExecutions.execution_id))
      .innerJoin(runs, eq(runs.id, teamAgentExecutions.run_id))
      .where(inArray(teamAgentExecutions.execution_id, options.executionIds)),
  );
  const median = (values: number[]) => round(summarize(values.filter(Number.isFinite)).p50);
  return {
    handOffAndPrepare: median(rows.map((row) => ms(row.stepStarted, row.runQueued))),
    claim: median(rows.map((row) => ms(row.runQueued, row.runStarted))),
    toFirstToken: median(rows.map((row) => ms(row.runStarted, row.runFirstToken))),
    streamAndSettle: median(rows.map((row) => ms(row.runFirstToken, row.runFinished))),
    record: median(rows.map((row) => ms(row.runFinished, row.stepFinished))),
    start: median(
      rows.filter((row) => row.stepIndex === 0).map((row) => ms(row.executionCreated, row.stepStarted)),
    ),
  };
}
