import type { UsageReport } from '@renum/contracts';

/** One bar of a usage chart. */
export interface UsageChartRow {
  name: string;
  tokens: number;
  cost: number;
  calls: number;
}

const dayMs = 86_400_000;
/** Longest range drawn day by day (a longer one shows only the days with data). */
const maxDays = 400;

/**
 * The bars of a usage chart. By day, every day of [fromDay, toDay] has a bar, zero when nothing was
 * used, so a quiet day shows as a gap instead of disappearing (the server answers only days with data,
 * keyed `YYYY-MM-DD` in UTC). Other groupings are the server's rows, `none` naming a row without a key.
 */
export function usageChartRows(
  report: Pick<UsageReport, 'group_by' | 'groups'>,
  range: { fromDay: string; toDay: string },
  none: string,
): UsageChartRow[] {
  const rows = report.groups.map((row) => ({
    name: row.label ?? row.key ?? none,
    tokens: row.total_tokens,
    cost: row.cost_usd,
    calls: row.calls,
  }));
  if (report.group_by !== 'day') return rows;
  const start = Date.parse(`${range.fromDay}T00:00:00.000Z`);
  const end = Date.parse(`${range.toDay}T00:00:00.000Z`);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return rows;
  if ((end - start) / dayMs >= maxDays) return rows;
  const byDay = new Map(rows.map((row) => [row.name, row]));
  const filled: UsageChartRow[] = [];
  for (let day = start; day <= end; day += dayMs) {
    const name = new Date(day).toISOString().slice(0, 10);
    filled.push(byDay.get(name) ?? { name, tokens: 0, cost: 0, calls: 0 });
  }
  return filled;
}
