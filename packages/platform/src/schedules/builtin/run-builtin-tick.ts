import type { BuiltinScheduleTarget } from '@renum/contracts';
import { scheduleExecutions, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import type { ScheduleTickDeps } from '../run-schedule-tick.ts';
import { runBudgetCheck } from './budget-check.ts';
import { runCleanup } from './cleanup.ts';
import { runDailyReport } from './daily-report.ts';

/** The tick being handled, as {@link runScheduleTick} recorded it. */
interface BuiltinTick {
  execution: { id: string; schedule_id: string; tick_at: Date; result: Record<string, unknown> | null };
  clientId: string;
  target: BuiltinScheduleTarget;
}

/**
 * Runs a built-in job's tick for the schedule's client only (ADR 0049) and stores what it did in the
 * execution's `result`. A retried job whose execution already has a result does nothing again; the jobs
 * themselves are idempotent besides (alerts and reports have dedup keys, a clean-up deletes what is left).
 */
export async function runBuiltinTick(tick: ScheduleTickDeps, options: BuiltinTick): Promise<void> {
  const { deps } = tick;
  const { execution, clientId, target } = options;
  if (execution.result) return;
  let result: Record<string, unknown>;
  switch (target.job) {
    case 'budget_check':
      result = await withClient(deps.db, clientId, (tx) =>
        runBudgetCheck(tx, { clientId, tickAt: execution.tick_at, notifications: deps }),
      );
      break;
    case 'cleanup':
      result = {
        ...(await runCleanup(deps.db, {
          clientId,
          now: deps.clock(),
          ...(target.retention_days ? { retentionDays: target.retention_days } : {}),
        })),
      };
      break;
    case 'daily_report':
      result = await runDailyReport(tick, { execution, clientId, target });
      break;
  }
  await withClient(deps.db, clientId, (tx) =>
    tx.update(scheduleExecutions).set({ result }).where(eq(scheduleExecutions.id, execution.id)),
  );
}
