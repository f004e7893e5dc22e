import { schedules, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { loadSchedule } from './schedule-id.ts';

/** Deletes a schedule and its history (its runs stay); another client's is 404. */
export async function deleteSchedule(
  deps: PlatformDeps,
  options: { principal: Principal; scheduleId: string },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  await withClient(deps.db, clientId, async (tx) => {
    const row = await loadSchedule(tx, options.scheduleId, { lock: true });
    await tx.delete(schedules).where(eq(schedules.id, row.id));
    await recordAudit(tx, {
      actor: options.principal,
      id: deps.newId(),
      entry: {
        action: 'schedule.deleted',
        targetType: 'schedule',
        targetId: row.id,
        clientId,
        data: { name: row.name },
      },
    });
  });
}
