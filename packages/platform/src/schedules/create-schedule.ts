import type { CreateSchedule } from '@renum/contracts';
import { schedules, withClient } from '@renum/db';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { resolveScheduleTarget } from './schedule-target.ts';
import { scheduleTiming } from './schedule-timing.ts';
import { scheduleToWire } from './schedule-wire.ts';

/**
 * Creates a schedule of the caller's client. Its agent or team must be one of the client's (another
 * client's is `404 AGENT_NOT_FOUND` / `404 TEAM_NOT_FOUND`); a bad cron expression or time zone is `400 VALIDATION_ERROR`. An enabled
 * schedule's first tick is the first one after now.
 */
export async function createSchedule(
  deps: PlatformDeps,
  options: { principal: Principal; input: CreateSchedule },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const { input } = options;
  const now = deps.clock();
  const timezone = input.timezone ?? 'UTC';
  const timing = scheduleTiming({
    cron: input.cron,
    interval_seconds: input.interval_seconds,
    timezone,
    anchor: now,
  });
  const enabled = input.enabled ?? true;
  return withClient(deps.db, clientId, async (tx) => {
    const resolved = await resolveScheduleTarget(tx, input.target);
    const [row] = await tx
      .insert(schedules)
      .values({
        id: deps.newId(),
        client_id: clientId,
        name: input.name,
        description: input.description ?? null,
        cron: input.cron ?? null,
        interval_seconds: input.interval_seconds ?? null,
        timezone,
        target: resolved.target,
        agent_id: resolved.agentId,
        enabled,
        missed_policy: input.missed_policy ?? 'run_once',
        overlap_policy: input.overlap_policy ?? 'skip',
        anchor_at: now,
        next_fire_at: enabled ? timing.next(now) : null,
        created_by: options.principal.userId,
      })
      .returning();
    await recordAudit(tx, {
      actor: options.principal,
      id: deps.newId(),
      entry: {
        action: 'schedule.created',
        targetType: 'schedule',
        targetId: row!.id,
        clientId,
        data: { name: row!.name },
      },
    });
    return scheduleToWire(row!, now);
  });
}
