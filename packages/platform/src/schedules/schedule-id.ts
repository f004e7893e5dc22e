import { AppError, isUuid } from '@renum/contracts';
import { schedules, type Transaction } from '@renum/db';
import { eq } from 'drizzle-orm';

/** Checks a schedule id's form: a malformed one is `400 VALIDATION_ERROR`. */
export function parseScheduleId(scheduleId: string): string {
  if (!isUuid(scheduleId)) {
    throw new AppError('VALIDATION_ERROR', 'Invalid schedule id: it must be a UUID', {
      context: { field: 'id', schedule_id: scheduleId },
    });
  }
  return scheduleId.toLowerCase();
}

/** Not found, for a schedule that does not exist or belongs to another client (never 403). */
export function scheduleNotFound(scheduleId: string): AppError {
  return new AppError('SCHEDULE_NOT_FOUND', 'Schedule not found', { context: { schedule_id: scheduleId } });
}

/** Loads a schedule visible in the transaction's client scope (locked with `lock`), or throws not found. */
export async function loadSchedule(tx: Transaction, scheduleId: string, options: { lock?: boolean } = {}) {
  const id = parseScheduleId(scheduleId);
  const query = tx.select().from(schedules).where(eq(schedules.id, id));
  const [schedule] = options.lock ? await query.for('update') : await query;
  if (!schedule) throw scheduleNotFound(scheduleId);
  return schedule;
}
