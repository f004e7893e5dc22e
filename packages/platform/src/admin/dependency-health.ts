import type { AdminMonitoring } from '@renum/contracts';
import type { Transaction } from '@renum/db';
import { sql } from 'drizzle-orm';

type Rows<Row> = { rows: Row[] };
type Health = AdminMonitoring['whatsapp']['status'];
const ms = (value: string | number | null) => (value === null ? null : Math.round(Number(value)));
const iso = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());
const rate = (failed: number, total: number) =>
  total === 0 ? null : Math.round((failed / total) * 10_000) / 10_000;

/** Health from outcomes: idle with none, failing at half or more failed, degraded from a tenth. */
export function healthOf(failed: number, total: number): Health {
  if (total === 0) return 'idle';
  const share = failed / total;
  return share >= 0.5 ? 'failing' : share >= 0.1 ? 'degraded' : 'ok';
}

/**
 * Each model provider's health over the window: its built-in runs (by the provider part of the run's
 * model) and how many failed, the last failure's code and time, and the latency percentiles of its model
 * calls in the ledger. Providers are never called from here (a paid call per refresh, ADR 0035).
 */
export async function modelProviderHealth(
  tx: Transaction,
  since: string,
): Promise<AdminMonitoring['model_providers']> {
  const result = (await tx.execute(sql`
    with run_outcomes as (
      select split_part(model, '/', 1) as provider, count(*)::int as runs,
        count(*) filter (where status = 'failed')::int as failed,
        max(finished_at) filter (where status = 'failed') as last_failure_at,
        (array_agg(error_code order by finished_at desc) filter (where status = 'failed'))[1] as last_error_code
      from runs where queued_at >= ${since}::timestamptz and executor = 'builtin'
      group by 1
    ), calls as (
      select model_provider as provider, count(*)::int as calls,
        percentile_cont(0.5) within group (order by latency_ms) as p50,
        percentile_cont(0.95) within group (order by latency_ms) as p95,
        percentile_cont(0.99) within group (order by latency_ms) as p99
      from renum_ai_usage_logs
      where created_at >= ${since}::timestamptz and kind = 'model' and model_provider is not null
      group by 1
    )
    select coalesce(r.provider, c.provider) as provider, coalesce(r.runs, 0) as runs,
      coalesce(r.failed, 0) as failed, r.last_failure_at, r.last_error_code,
      coalesce(c.calls, 0) as calls, c.p50, c.p95, c.p99
    from run_outcomes r full join calls c on c.provider = r.provider
    order by coalesce(r.runs, 0) desc, 1 limit 20
  `)) as unknown as Rows<{
    provider: string;
    runs: number;
    failed: number;
    last_failure_at: string | Date | null;
    last_error_code: string | null;
    calls: number;
    p50: string | null;
    p95: string | null;
    p99: string | null;
  }>;
  return result.rows.map((row) => {
    const runs = Number(row.runs);
    const failed = Number(row.failed);
    return {
      provider: row.provider,
      status: healthOf(failed, runs),
      runs,
      failed,
      error_rate: rate(failed, runs),
      last_error_code: row.last_error_code,
      last_failure_at: iso(row.last_failure_at),
      calls: Number(row.calls),
      p50_ms: ms(row.p50),
      p95_ms: ms(row.p95),
      p99_ms: ms(row.p99),
    };
  });
}

/**
 * WhatsApp over the window, across clients: inbound messages received, outbound ones sent, delivered
 * (or read) and failed by their status callbacks, and the last failure.
 */
export async function whatsAppHealth(tx: Transaction, since: string): Promise<AdminMonitoring['whatsapp']> {
  const result = (await tx.execute(sql`
    select count(*) filter (where direction = 'in')::int as received,
      count(*) filter (where direction = 'out')::int as sent,
      count(*) filter (where direction = 'out' and status in ('delivered', 'read'))::int as delivered,
      count(*) filter (where direction = 'out' and status = 'failed')::int as failed,
      max(updated_at) filter (where direction = 'out' and status = 'failed') as last_failure_at
    from whatsapp_messages where created_at >= ${since}::timestamptz
  `)) as unknown as Rows<{
    received: number;
    sent: number;
    delivered: number;
    failed: number;
    last_failure_at: string | Date | null;
  }>;
  const row = result.rows[0]!;
  const sent = Number(row.sent);
  const failed = Number(row.failed);
  return {
    status: healthOf(failed, sent),
    received: Number(row.received),
    sent,
    delivered: Number(row.delivered),
    failed,
    error_rate: rate(failed, sent),
    last_failure_at: iso(row.last_failure_at),
  };
}
