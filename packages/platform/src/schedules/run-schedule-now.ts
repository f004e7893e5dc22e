import { withClient } from '@renum/db';
import { recordAudit } from '../audit/record-audit.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { loadSchedule } from './schedule-id.ts';
import { scheduleTickJob } from './schedule-jobs.ts';

/**
 * Runs a schedule once now, paused or not ("run now"): a `manual` tick enqueued in the same transaction
 * as the audit row. Its execution appears in the schedule's history like a timed one.
 */
export async function runScheduleNow(
  deps: PlatformDeps,
  options: { principal: Principal; jobs: Pick<JobQueue, 'enqueue'>; scheduleId: string },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const tickAt = deps.clock().toISOString();
  return withClient(deps.db, clientId, async (tx) => {
    const schedule = await loadSchedule(tx, options.scheduleId);
    await options.jobs.enqueue(
      tx,
      scheduleTickJob,
      { schedule_id: schedule.id, client_id: clientId, tick_at: tickAt, trigger: 'manual' },
      { idempotencyKey: `schedule:${schedule.id}:manual:${tickAt}` },
    );
    await recordAudit(tx, {
      actor: options.principal,
      id: deps.newId(),
      entry: {
        action: 'schedule.run_now',
        targetType: 'schedule',
        targetId: schedule.id,
        clientId,
        data: { tick_at: tickAt },
      },
    });
    return { schedule_id: schedule.id, tick_at: tickAt };
  });
}
