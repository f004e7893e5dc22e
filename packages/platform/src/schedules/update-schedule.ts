import type { UpdateSchedule } from '@renum/contracts';
import { schedules, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import type { loadAgent } from '../agents/agent-id.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { loadSchedule } from './schedule-id.ts';
import { resolveScheduleTarget } from './schedule-target.ts';
import { scheduleTiming } from './schedule-timing.ts';
import { type ScheduleRow, scheduleToWire } from './schedule-wire.ts';

/**
 * Changes a schedule; `{ enabled: false }` pauses it and `{ enabled: true }` resumes it. A change of timing
 * or a resume starts again from the first tick after now (ticks missed while paused are not run); bad
 * input changes nothing.
 */
export async function updateSchedule(
  deps: PlatformDeps,
  options: { principal: Principal; scheduleId: string; input: UpdateSchedule },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const { input } = options;
  const now = deps.clock();
  return withClient(deps.db, clientId, async (tx) => {
    const current = await loadSchedule(tx, options.scheduleId, { lock: true });
    const changes = await plannedChanges(tx, current, input, now);
    const [row] = await tx.update(schedules).set(changes).where(eq(schedules.id, current.id)).returning();
    const action =
      input.enabled === false
        ? 'schedule.paused'
        : input.enabled === true
          ? 'schedule.resumed'
          : 'schedule.updated';
    await recordAudit(tx, {
      actor: options.principal,
      id: deps.newId(),
      entry: {
        action,
        targetType: 'schedule',
        targetId: current.id,
        clientId,
        data: { fields: Object.keys(input) },
      },
    });
    return scheduleToWire(row!, now);
  });
}

async function plannedChanges(
  tx: Parameters<typeof loadAgent>[0],
  current: ScheduleRow,
  input: UpdateSchedule,
  now: Date,
): Promise<Partial<ScheduleRow>> {
  const timingChanged = input.cron != null || input.interval_seconds != null || input.timezone !== undefined;
  const cron = input.cron != null ? input.cron : input.interval_seconds != null ? null : current.cron;
  const intervalSeconds =
    input.interval_seconds != null
      ? input.interval_seconds
      : input.cron != null
        ? null
        : current.interval_seconds;
  const timezone = input.timezone ?? current.timezone;
  const anchor = timingChanged ? now : current.anchor_at;
  const timing = scheduleTiming({ cron, interval_seconds: intervalSeconds, timezone, anchor });
  const enabled = input.enabled ?? current.enabled;
  const restart = timingChanged || (enabled && !current.enabled);
  const changes: Partial<ScheduleRow> = {
    cron,
    interval_seconds: intervalSeconds,
    timezone,
    anchor_at: anchor,
    enabled,
  };
  if (!enabled) changes.next_fire_at = null;
  else if (restart) changes.next_fire_at = timing.next(now);
  if (input.name !== undefined) changes.name = input.name;
  if (input.description !== undefined) changes.description = input.description;
  if (input.missed_policy !== undefined) changes.missed_policy = input.missed_policy;
  if (input.overlap_policy !== undefined) changes.overlap_policy = input.overlap_policy;
  if (input.target) {
    const resolved = await resolveScheduleTarget(tx, input.target);
    changes.target = resolved.target;
    changes.agent_id = resolved.agentId;
  }
  return changes;
}
