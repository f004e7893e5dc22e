import type { UsageQuery } from '@renum/contracts';
import { agents, usageLogs, withClient } from '@renum/db';
import { and, asc, eq, gte, lt, ne, type SQL, sql } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';

const figures = {
  calls: sql<number>`count(*)::int`,
  tokens_input: sql<number>`coalesce(sum(${usageLogs.tokens_input}), 0)::int`,
  tokens_output: sql<number>`coalesce(sum(${usageLogs.tokens_output}), 0)::int`,
  cost_usd: sql<string>`coalesce(sum(${usageLogs.cost_usd}), 0)::text`,
};

function groupKey(groupBy: UsageQuery['group_by']): SQL<string | null> {
  switch (groupBy) {
    case 'agent':
      return sql<string | null>`${usageLogs.agent_id}::text`;
    case 'model':
      return sql<string | null>`${usageLogs.model_provider} || '/' || ${usageLogs.model_name}`;
    case 'tool':
      return sql<string | null>`${usageLogs.tool_name}`;
    case 'day':
      return sql<string | null>`to_char(${usageLogs.created_at} at time zone 'UTC', 'YYYY-MM-DD')`;
  }
}

function toFigures(row: { calls: number; tokens_input: number; tokens_output: number; cost_usd: string }) {
  return {
    calls: row.calls,
    tokens_input: row.tokens_input,
    tokens_output: row.tokens_output,
    total_tokens: row.tokens_input + row.tokens_output,
    cost_usd: Number(row.cost_usd),
  };
}

/**
 * The caller's usage in [from, to) (default: this calendar month, UTC) from the ledger: totals
 * and one row per agent, model, day or tool (by tool, tool calls only; by model, the others). Sums of the same rows the runs wrote.
 */
export async function getUsage(deps: PlatformDeps, options: { principal: Principal; query: UsageQuery }) {
  const { clientId } = requireClient(options.principal);
  const now = deps.clock();
  const from = options.query.from
    ? new Date(options.query.from)
    : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const to = options.query.to ? new Date(options.query.to) : now;
  const range = and(gte(usageLogs.created_at, from), lt(usageLogs.created_at, to));
  const groupBy = options.query.group_by;
  const key = groupKey(groupBy);
  return withClient(deps.db, clientId, async (tx) => {
    const [totals] = await tx.select(figures).from(usageLogs).where(range);
    // By tool, only tool calls; by model, no tool calls: each would show the other as a nameless group.
    const kind =
      groupBy === 'tool'
        ? eq(usageLogs.kind, 'tool')
        : groupBy === 'model'
          ? ne(usageLogs.kind, 'tool')
          : undefined;
    const rows = await tx
      .select({ key, ...figures })
      .from(usageLogs)
      .where(kind ? and(range, kind) : range)
      .groupBy(key)
      .orderBy(asc(key));
    const names =
      groupBy === 'agent'
        ? new Map(
            (await tx.select({ id: agents.id, name: agents.name }).from(agents)).map((a) => [a.id, a.name]),
          )
        : new Map<string, string>();
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      group_by: groupBy,
      totals: toFigures(totals ?? { calls: 0, tokens_input: 0, tokens_output: 0, cost_usd: '0' }),
      groups: rows.map((row) => ({
        key: row.key,
        label: groupBy === 'agent' ? (row.key ? (names.get(row.key) ?? 'deleted agent') : null) : row.key,
        ...toFigures(row),
      })),
    };
  });
}
