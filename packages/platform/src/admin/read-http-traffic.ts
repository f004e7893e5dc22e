import type { AdminMonitoring } from '@renum/contracts';
import type { Transaction } from '@renum/db';
import { sql } from 'drizzle-orm';
import { routeLatencyRow } from './histogram-quantile.ts';
import { windowBuckets, type windowOf } from './monitoring-queries.ts';

type Rows<Row> = { rows: Row[] };
type Bounds = ReturnType<typeof windowOf>;
type Http = AdminMonitoring['http'];

/** A process counts as live while its latest minute is younger than this (it writes once a minute). */
const liveMs = 120_000;

/** The minutes written inside the window (each counts what came since its process's previous one). */
const inWindow = (bounds: Bounds) =>
  sql`m.at > ${bounds.since}::timestamptz and m.at <= ${bounds.now}::timestamptz`;

/** Every route's requests and errors over the window, across processes; the busiest 20. */
async function routeTotals(tx: Transaction, bounds: Bounds) {
  const result = (await tx.execute(sql`
    select r.key as route, sum((r.value->>'requests')::bigint)::float8 as requests,
      sum((r.value->>'errors')::bigint)::float8 as errors
    from monitoring_minutes m cross join lateral jsonb_each(m.routes) r
    where ${inWindow(bounds)}
    group by r.key order by requests desc, r.key limit 20
  `)) as unknown as Rows<{ route: string; requests: number; errors: number }>;
  return result.rows;
}

/** The summed latency buckets of those routes: the window's merged histogram of each. */
async function routeBuckets(tx: Transaction, bounds: Bounds, routes: string[]) {
  const buckets = new Map<string, Array<{ le: number; count: number }>>();
  if (routes.length === 0) return buckets;
  const result = (await tx.execute(sql`
    select r.key as route, b.key as le, sum(b.value::bigint)::float8 as count
    from monitoring_minutes m
      cross join lateral jsonb_each(m.routes) r
      cross join lateral jsonb_each_text(r.value->'buckets') b
    where ${inWindow(bounds)} and r.key in (${sql.join(
      routes.map((route) => sql`${route}`),
      sql`, `,
    )})
    group by r.key, b.key
  `)) as unknown as Rows<{ route: string; le: string; count: number }>;
  for (const row of result.rows) {
    const le = row.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(row.le);
    buckets.set(row.route, [...(buckets.get(row.route) ?? []), { le, count: Number(row.count) }]);
  }
  return buckets;
}

/** Requests and errors per bucket (minute or hour) over the window, every bucket present. */
async function series(tx: Transaction, bounds: Bounds): Promise<Http['series']> {
  const unit = sql.raw(`'${bounds.unit}'`);
  const result = (await tx.execute(sql`
    with buckets as (${windowBuckets(bounds)})
    select buckets.at, coalesce(sum(m.requests), 0)::float8 as requests,
      coalesce(sum(m.errors), 0)::float8 as errors
    from buckets left join monitoring_minutes m on ${inWindow(bounds)} and date_trunc(${unit}, m.at) = buckets.at
    group by buckets.at order by buckets.at
  `)) as unknown as Rows<{ at: string | Date; requests: number; errors: number }>;
  return result.rows.map((row) => ({
    at: new Date(row.at).toISOString(),
    requests: Number(row.requests),
    errors: Number(row.errors),
  }));
}

/** Breaker openings by tool over the window, across processes. */
async function breakerOpens(tx: Transaction, bounds: Bounds): Promise<Http['breaker_opens']> {
  const result = (await tx.execute(sql`
    select b.key as tool, sum(b.value::bigint)::float8 as count
    from monitoring_minutes m cross join lateral jsonb_each_text(m.breaker_opens) b
    where ${inWindow(bounds)}
    group by b.key order by count desc, b.key
  `)) as unknown as Rows<{ tool: string; count: number }>;
  return result.rows.map((row) => ({ tool: row.tool, count: Number(row.count) }));
}

/** The live processes (a minute in the last two) and the sum of their latest WebSocket counts. */
async function liveProcesses(tx: Transaction, now: string) {
  const result = (await tx.execute(sql`
    select count(*)::int as processes, coalesce(sum(websocket_connections), 0)::int as websocket_connections
    from (
      select distinct on (process_id) websocket_connections from monitoring_minutes
      where at > ${now}::timestamptz - make_interval(secs => ${liveMs / 1000}) and at <= ${now}::timestamptz
      order by process_id, at desc
    ) latest
  `)) as unknown as Rows<{ processes: number; websocket_connections: number }>;
  const row = result.rows[0];
  return {
    processes: Number(row?.processes ?? 0),
    websocket_connections: Number(row?.websocket_connections ?? 0),
  };
}

/**
 * HTTP traffic of every server process over the window, from the minutes they stored (ADR 0062):
 * totals, the busiest routes with percentiles of their summed histograms, a series, breaker openings,
 * and the live processes with their WebSocket connections now.
 */
export async function readHttpTraffic(tx: Transaction, bounds: Bounds): Promise<Http> {
  const totals = await routeTotals(tx, bounds);
  const buckets = await routeBuckets(
    tx,
    bounds,
    totals.map((row) => row.route),
  );
  const points = await series(tx, bounds);
  const requests = points.reduce((sum, point) => sum + point.requests, 0);
  const errors = points.reduce((sum, point) => sum + point.errors, 0);
  return {
    ...(await liveProcesses(tx, bounds.now)),
    requests,
    errors,
    error_rate: requests === 0 ? null : Math.round((errors / requests) * 10_000) / 10_000,
    by_route: totals.map((row) =>
      routeLatencyRow(row.route, {
        requests: Number(row.requests),
        errors: Number(row.errors),
        buckets: buckets.get(row.route) ?? [],
      }),
    ),
    series: points,
    breaker_opens: await breakerOpens(tx, bounds),
  };
}
