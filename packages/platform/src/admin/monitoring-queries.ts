import type { AdminMonitoring } from '@renum/contracts';
import type { Transaction } from '@renum/db';
import { sql } from 'drizzle-orm';

type Rows<Row> = { rows: Row[] };
const ms = (value: string | number | null) => (value === null ? null : Math.round(Number(value)));

/** The window's bounds and bucket: the last hour per minute, or the last day per hour. */
export function windowOf(window: 'hour' | 'day', now: Date) {
  const unit = window === 'hour' ? 'minute' : 'hour';
  const since = new Date(now.getTime() - (window === 'hour' ? 3600_000 : 86_400_000));
  return { unit, since: since.toISOString(), now: now.toISOString() };
}

/** Runs queued in the window: totals, in progress, and the queue-to-finish latency percentiles. */
export async function runTotals(tx: Transaction, since: string): Promise<AdminMonitoring['runs']> {
  const result = (await tx.execute(sql`
    select count(*)::int as total,
      count(*) filter (where status = 'failed')::int as failed,
      count(*) filter (where status in ('queued', 'running'))::int as in_progress,
      percentile_cont(0.5) within group (order by extract(epoch from finished_at - queued_at) * 1000)
        filter (where finished_at is not null) as p50,
      percentile_cont(0.95) within group (order by extract(epoch from finished_at - queued_at) * 1000)
        filter (where finished_at is not null) as p95,
      percentile_cont(0.99) within group (order by extract(epoch from finished_at - queued_at) * 1000)
        filter (where finished_at is not null) as p99
    from runs where queued_at >= ${since}::timestamptz
  `)) as unknown as Rows<{
    total: number;
    failed: number;
    in_progress: number;
    p50: string | null;
    p95: string | null;
    p99: string | null;
  }>;
  const row = result.rows[0]!;
  const total = Number(row.total);
  const failed = Number(row.failed);
  return {
    total,
    failed,
    in_progress: Number(row.in_progress),
    error_rate: total === 0 ? null : Math.round((failed / total) * 10_000) / 10_000,
    p50_ms: ms(row.p50),
    p95_ms: ms(row.p95),
    p99_ms: ms(row.p99),
  };
}

/**
 * Every bucket (minute or hour, by the window's unit) from the window's start to now, as a query of one
 * column `at`: a series joined to it has every bucket, those without data too.
 */
export function windowBuckets(bounds: ReturnType<typeof windowOf>) {
  const unit = sql.raw(`'${bounds.unit}'`);
  const step = sql.raw(`interval '1 ${bounds.unit}'`);
  return sql`select generate_series(date_trunc(${unit}, ${bounds.since}::timestamptz),
    date_trunc(${unit}, ${bounds.now}::timestamptz), ${step}) as at`;
}

/** Finished runs per bucket (minute or hour) over the window, every bucket present. */
export async function runSeries(
  tx: Transaction,
  bounds: ReturnType<typeof windowOf>,
): Promise<AdminMonitoring['runs_series']> {
  const unit = sql.raw(`'${bounds.unit}'`);
  const result = (await tx.execute(sql`
    with buckets as (${windowBuckets(bounds)})
    select buckets.at,
      count(r.id) filter (where r.status = 'completed')::int as completed,
      count(r.id) filter (where r.status = 'failed')::int as failed
    from buckets left join runs r on r.finished_at >= ${bounds.since}::timestamptz
      and date_trunc(${unit}, r.finished_at) = buckets.at
    group by buckets.at order by buckets.at
  `)) as unknown as Rows<{ at: string | Date; completed: number; failed: number }>;
  return result.rows.map((row) => ({
    at: new Date(row.at).toISOString(),
    completed: Number(row.completed),
    failed: Number(row.failed),
  }));
}

/** Runs by model over the window with their failures and latency percentiles (busiest 20). */
export async function runsByModel(tx: Transaction, since: string): Promise<AdminMonitoring['by_model']> {
  const result = (await tx.execute(sql`
    select model, count(*)::int as runs, count(*) filter (where status = 'failed')::int as failed,
      percentile_cont(0.5) within group (order by extract(epoch from finished_at - queued_at) * 1000)
        filter (where finished_at is not null) as p50,
      percentile_cont(0.95) within group (order by extract(epoch from finished_at - queued_at) * 1000)
        filter (where finished_at is not null) as p95,
      percentile_cont(0.99) within group (order by extract(epoch from finished_at - queued_at) * 1000)
        filter (where finished_at is not null) as p99
    from runs where queued_at >= ${since}::timestamptz
    group by model order by count(*) desc limit 20
  `)) as unknown as Rows<{
    model: string;
    runs: number;
    failed: number;
    p50: string | null;
    p95: string | null;
    p99: string | null;
  }>;
  return result.rows.map((row) => ({
    model: row.model,
    runs: Number(row.runs),
    failed: Number(row.failed),
    p50_ms: ms(row.p50),
    p95_ms: ms(row.p95),
    p99_ms: ms(row.p99),
  }));
}

/** The five clients that spent most (ledger) and the five with most failed runs over the window. */
export async function topClients(tx: Transaction, since: string) {
  const cost = (await tx.execute(sql`
    select c.id as client_id, c.name, sum(u.cost_usd)::text as cost_usd
    from renum_ai_usage_logs u join clients c on c.id = u.client_id
    where u.created_at >= ${since}::timestamptz
    group by c.id, c.name having sum(u.cost_usd) > 0 order by sum(u.cost_usd) desc limit 5
  `)) as unknown as Rows<{ client_id: string; name: string; cost_usd: string }>;
  const errors = (await tx.execute(sql`
    select c.id as client_id, c.name, count(*)::int as errors
    from runs r join clients c on c.id = r.client_id
    where r.queued_at >= ${since}::timestamptz and r.status = 'failed'
    group by c.id, c.name order by count(*) desc limit 5
  `)) as unknown as Rows<{ client_id: string; name: string; errors: number }>;
  return {
    byCost: cost.rows.map((row) => ({ ...row, cost_usd: Number(row.cost_usd) })),
    byErrors: errors.rows.map((row) => ({ ...row, errors: Number(row.errors) })),
  };
}
