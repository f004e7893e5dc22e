import { type Database, withPlatform } from '@renum/db';
import { type SQL, sql } from 'drizzle-orm';

/** Rows deleted (or redacted) per statement and transaction: short locks, and a big backlog goes in many small steps. */
const batchSize = 500;

/** Days a client's expired data is kept when its clean-up schedule names none. */
export const defaultRetentionDays = 30;

/** What the clean-up deleted (or redacted), per kind of data (ADR 0049). */
export interface CleanupCounts {
  run_events: number;
  /** Requests are the audit trail of decisions (migration 0022): never deleted, their raw data redacted. */
  approval_requests_redacted: number;
  invitations: number;
  notifications: number;
}

/**
 * One batch of each kind of expired data, as a `DELETE … WHERE key IN (SELECT … LIMIT n)` (an update for
 * approvals) restricted to
 * the client by its id in every statement. They run in the platform scope: the application's role may not
 * delete run events, notifications or invitations (migrations 0002, 0006, 0009), the clean-up's may.
 * - `run_events`: the events of runs that finished (completed, failed, stopped) before the cutoff; the
 *   runs, their messages and their metering stay;
 * - `approval_requests` (redacted, not deleted: they are the audit trail of decisions, migration 0022):
 *   requests decided and reported before the cutoff keep their masked arguments only, and no result;
 * - `invitations`: never accepted, and expired or revoked before the cutoff;
 * - `notifications`: read before the cutoff.
 */
const batches: Record<keyof CleanupCounts, (clientId: string, cutoff: Date) => SQL> = {
  run_events: (clientId, cutoff) => sql`
    delete from run_events where (stream_id, seq) in (
      select e.stream_id, e.seq from run_events e join runs r on r.id = e.run_id
      where e.client_id = ${clientId}::uuid and r.client_id = ${clientId}::uuid
        and r.status in ('completed', 'failed', 'stopped') and r.finished_at < ${cutoff.toISOString()}::timestamptz
      limit ${batchSize})
    returning 1 as deleted`,
  approval_requests_redacted: (clientId, cutoff) => sql`
    update approval_requests set arguments = masked_arguments, edited_arguments = null,
      result = '{"redacted": true}'::jsonb
    where id in (
      select id from approval_requests
      where client_id = ${clientId}::uuid and status <> 'pending' and reported_at is not null
        and decided_at < ${cutoff.toISOString()}::timestamptz
        and coalesce(result->>'redacted', '') <> 'true'
      limit ${batchSize})
    returning 1 as deleted`,
  invitations: (clientId, cutoff) => sql`
    delete from invitations where id in (
      select id from invitations
      where client_id = ${clientId}::uuid and accepted_at is null
        and (expires_at < ${cutoff.toISOString()}::timestamptz or revoked_at < ${cutoff.toISOString()}::timestamptz)
      limit ${batchSize})
    returning 1 as deleted`,
  notifications: (clientId, cutoff) => sql`
    delete from notifications where id in (
      select id from notifications
      where client_id = ${clientId}::uuid and read_at < ${cutoff.toISOString()}::timestamptz
      limit ${batchSize})
    returning 1 as deleted`,
};

/**
 * The clean-up of expired data (issue 15, ADR 0049) for one client: everything older than
 * `retentionDays` before `now` in each kind {@link batches} lists, deleted in batches of 500 rows, each
 * batch its own short transaction, until a batch deletes fewer. Every statement names the client: never
 * another client's rows. Answers how many rows of each kind went.
 */
export async function runCleanup(
  db: Database,
  options: { clientId: string; now: Date; retentionDays?: number },
): Promise<CleanupCounts & { retention_days: number }> {
  const retentionDays = options.retentionDays ?? defaultRetentionDays;
  const cutoff = new Date(options.now.getTime() - retentionDays * 86_400_000);
  const counts: CleanupCounts = {
    run_events: 0,
    approval_requests_redacted: 0,
    invitations: 0,
    notifications: 0,
  };
  for (const kind of Object.keys(batches) as Array<keyof CleanupCounts>) {
    for (;;) {
      const deleted = await withPlatform(db, async (tx) => {
        const result = (await tx.execute(batches[kind](options.clientId, cutoff))) as unknown as {
          rows: unknown[];
        };
        return result.rows.length;
      });
      counts[kind] += deleted;
      if (deleted < batchSize) break;
    }
  }
  return { ...counts, retention_days: retentionDays };
}
