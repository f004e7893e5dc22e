import type { TeamCostMetrics, TeamUsageMetrics } from '@renum/contracts';
import { reusableStatement, type Transaction } from '@renum/db';
import { type Placeholder, type SQL, sql } from 'drizzle-orm';

/** Whose ledger rows count: an execution's runs, or only one agent's among them (every attempt of its step). */
interface MetricsScope {
  /** An id, or a placeholder for a statement built once (ADR 0074). */
  executionId: string | Placeholder;
  /** An id, a placeholder, or a column of the statement's row (a correlated sum). */
  agentId?: string | Placeholder | SQL | undefined;
}

/** The totals' query: one row of tokens, calls and cost, summed in SQL so costs stay exact. */
function ledgerTotals(options: MetricsScope): SQL {
  const agentFilter = options.agentId ? sql`AND r.agent_id = ${options.agentId}` : sql``;
  return sql`
    SELECT coalesce(sum(u.tokens_input), 0)::int AS tokens_input,
           coalesce(sum(u.tokens_output), 0)::int AS tokens_output,
           count(*) FILTER (WHERE u.kind = 'model')::int AS model_calls,
           count(*) FILTER (WHERE u.kind = 'tool')::int AS tool_calls,
           coalesce(sum(u.cost_usd), 0)::numeric(18, 8)::text AS cost_usd
      FROM renum_ai_usage_logs u
      JOIN runs r ON r.id = u.run_id
     WHERE r.execution_id = ${options.executionId} ${agentFilter}`;
}

/** An execution's (or a step's) usage and cost, as its row stores them. */
export interface ExecutionTotals {
  usage: TeamUsageMetrics;
  cost: TeamCostMetrics;
}

/**
 * The totals as one `jsonb` value, `{ usage, cost }` as an execution's or a step's row stores them, summed
 * once: a statement that reads a step's or an execution's totals computes them itself (ADR 0063, 0080).
 */
export function metricsObjectSql(options: MetricsScope): SQL<ExecutionTotals> {
  return sql<ExecutionTotals>`(SELECT jsonb_build_object(
      'usage', jsonb_build_object('tokens_input', t.tokens_input, 'tokens_output', t.tokens_output,
        'total_tokens', t.tokens_input + t.tokens_output, 'model_calls', t.model_calls,
        'tool_calls', t.tool_calls),
      'cost', jsonb_build_object('cost_usd', t.cost_usd))
    FROM (${ledgerTotals(options)}) t)`;
}

/** The execution's totals as a named statement, planned once per connection (ADR 0080). */
const executionTotals = reusableStatement<'all'>(
  'renum_execution_totals',
  () => sql`select ${metricsObjectSql({ executionId: sql.placeholder('executionId') })} as totals`,
);

/**
 * Usage and cost summed from the ledger rows of an execution's runs (seed 002 `collect_final_metrics`).
 * Summed in SQL, so costs stay exact.
 */
export async function executionMetrics(
  tx: Transaction,
  options: { executionId: string },
): Promise<ExecutionTotals> {
  const [row] = await executionTotals(tx, 'all', { executionId: options.executionId });
  return row?.totals as ExecutionTotals;
}
