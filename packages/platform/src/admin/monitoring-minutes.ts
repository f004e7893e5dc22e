import { type Database, withPlatform } from '@renum/db';
import { sql } from 'drizzle-orm';

/** A route's counts over one process-minute; `buckets` are cumulative (`le` in seconds or `+Inf` → count). */
export interface MinuteRouteCounts {
  requests: number;
  errors: number;
  buckets: Record<string, number>;
}

/**
 * What one server process counted since its previous minute (ADR 0062): requests, server errors and
 * latency buckets by route, breaker openings by tool, and its WebSocket connections at `at`.
 */
export interface MonitoringMinute {
  processId: string;
  at: Date;
  websocketConnections: number;
  routes: Record<string, MinuteRouteCounts>;
  breakerOpens: Record<string, number>;
}

/** How long the minutes are kept: the day window and an hour's margin. */
export const monitoringMinutesKeptMs = 25 * 3_600_000;

/** Stores one process-minute (platform scope); a failure is the caller's to report. */
export async function recordMonitoringMinute(db: Database, minute: MonitoringMinute): Promise<void> {
  const counts = Object.values(minute.routes);
  const requests = counts.reduce((sum, route) => sum + route.requests, 0);
  const errors = counts.reduce((sum, route) => sum + route.errors, 0);
  await withPlatform(db, (tx) =>
    tx.execute(sql`
      insert into monitoring_minutes
        (process_id, at, requests, errors, websocket_connections, routes, breaker_opens)
      values (${minute.processId}, ${minute.at.toISOString()}::timestamptz, ${requests}, ${errors},
        ${minute.websocketConnections}, ${JSON.stringify(minute.routes)}::jsonb,
        ${JSON.stringify(minute.breakerOpens)}::jsonb)
    `),
  );
}

/** Deletes the minutes written before `before`; answers how many. */
export async function pruneMonitoringMinutes(db: Database, options: { before: Date }): Promise<number> {
  const result = (await withPlatform(db, (tx) =>
    tx.execute(sql`
      with deleted as (
        delete from monitoring_minutes where at < ${options.before.toISOString()}::timestamptz returning 1
      )
      select count(*)::int as deleted from deleted
    `),
  )) as unknown as { rows: Array<{ deleted: number }> };
  return Number(result.rows[0]?.deleted ?? 0);
}
