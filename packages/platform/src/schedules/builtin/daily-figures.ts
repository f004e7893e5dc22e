import type { Transaction } from '@renum/db';
import { sql } from 'drizzle-orm';

/** What the daily report counts over its period, for one client. */
export interface DailyFigures {
  period_start: string;
  period_end: string;
  conversations: number;
  messages: number;
  runs: { total: number; completed: number; failed: number; stopped: number; suspended: number };
  cost_usd: number;
  /** Failed runs by error code, most frequent first (at most five codes). */
  errors: Array<{ code: string; count: number }>;
}

interface FiguresRow {
  conversations: number | string;
  messages: number | string;
  runs_total: number | string;
  runs_completed: number | string;
  runs_failed: number | string;
  runs_stopped: number | string;
  runs_suspended: number | string;
  cost_usd: string | null;
  errors: Array<{ code: string; count: number }> | null;
}

/**
 * The day's figures of one client, from the database, over `[end - 24 h, end)`: conversations opened,
 * messages written, runs by status, cost from the metering ledger (model and tool calls), and the error
 * codes of failed runs. One statement, in the client's transaction (row-level security besides the
 * explicit client filter).
 */
export async function gatherDailyFigures(
  tx: Transaction,
  options: { clientId: string; end: Date },
): Promise<DailyFigures> {
  const start = new Date(options.end.getTime() - 86_400_000);
  const from = start.toISOString();
  const to = options.end.toISOString();
  const client = options.clientId;
  const window = (column: string) =>
    sql`${sql.identifier(column)} >= ${from}::timestamptz and ${sql.identifier(column)} < ${to}::timestamptz`;
  const result = (await tx.execute(sql`
    select
      (select count(*) from conversations where client_id = ${client}::uuid and ${window('created_at')}) as conversations,
      (select count(*) from messages where client_id = ${client}::uuid and ${window('created_at')}) as messages,
      count(*) as runs_total,
      count(*) filter (where status = 'completed') as runs_completed,
      count(*) filter (where status = 'failed') as runs_failed,
      count(*) filter (where status = 'stopped') as runs_stopped,
      count(*) filter (where status = 'suspended') as runs_suspended,
      (select coalesce(sum(cost_usd), 0)::text from renum_ai_usage_logs
        where client_id = ${client}::uuid and ${window('created_at')}) as cost_usd,
      (select coalesce(jsonb_agg(jsonb_build_object('code', code, 'count', n) order by n desc, code), '[]'::jsonb)
        from (select coalesce(error_code, 'UNKNOWN') as code, count(*)::int as n from runs
              where client_id = ${client}::uuid and status = 'failed' and ${window('created_at')}
              group by 1 order by 2 desc, 1 limit 5) codes) as errors
    from runs where client_id = ${client}::uuid and ${window('created_at')}
  `)) as unknown as { rows: FiguresRow[] };
  const row = result.rows[0]!;
  return {
    period_start: from,
    period_end: to,
    conversations: Number(row.conversations),
    messages: Number(row.messages),
    runs: {
      total: Number(row.runs_total),
      completed: Number(row.runs_completed),
      failed: Number(row.runs_failed),
      stopped: Number(row.runs_stopped),
      suspended: Number(row.runs_suspended),
    },
    cost_usd: Number(row.cost_usd ?? 0),
    errors: row.errors ?? [],
  };
}

/** A plain summary of the figures, for the notification when no agent writes one. */
export function plainSummary(figures: DailyFigures): string {
  const errors = figures.errors.map((error) => `${error.code} ×${error.count}`).join(', ');
  return [
    `${figures.conversations} new conversations, ${figures.messages} messages.`,
    `${figures.runs.total} runs: ${figures.runs.completed} completed, ${figures.runs.failed} failed, ${figures.runs.stopped} stopped.`,
    `Cost: US$ ${figures.cost_usd.toFixed(4)}.`,
    errors ? `Errors: ${errors}.` : 'No errors.',
  ].join(' ');
}
