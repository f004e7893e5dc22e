import type { TeamCostMetrics, TeamUsageMetrics } from '@renum/contracts';
import type { Transaction } from '@renum/db';
import { sql } from 'drizzle-orm';

/**
 * Usage and cost summed from the ledger rows of an execution's runs (seed 002 `collect_agent_metrics`
 * and `collect_final_metrics`): of one agent's runs when `agentId` is given (every attempt of its step),
 * else of the whole execution. Summed in SQL, so costs stay exact.
 */
export async function executionMetrics(
  tx: Transaction,
  options: { executionId: string; agentId?: string },
): Promise<{ usage: TeamUsageMetrics; cost: TeamCostMetrics }> {
  const agentFilter = options.agentId ? sql`AND r.agent_id = ${options.agentId}` : sql``;
  const result = (await tx.execute(sql`
    SELECT coalesce(sum(u.tokens_input), 0)::int AS tokens_input,
           coalesce(sum(u.tokens_output), 0)::int AS tokens_output,
           count(*) FILTER (WHERE u.kind = 'model')::int AS model_calls,
           count(*) FILTER (WHERE u.kind = 'tool')::int AS tool_calls,
           coalesce(sum(u.cost_usd), 0)::numeric(18, 8)::text AS cost_usd
      FROM renum_ai_usage_logs u
      JOIN runs r ON r.id = u.run_id
     WHERE r.execution_id = ${options.executionId} ${agentFilter}`)) as unknown as {
    rows: Record<string, unknown>[];
  };
  const row = result.rows[0] ?? {};
  const tokensInput = Number(row.tokens_input ?? 0);
  const tokensOutput = Number(row.tokens_output ?? 0);
  return {
    usage: {
      tokens_input: tokensInput,
      tokens_output: tokensOutput,
      total_tokens: tokensInput + tokensOutput,
      model_calls: Number(row.model_calls ?? 0),
      tool_calls: Number(row.tool_calls ?? 0),
    },
    cost: { cost_usd: String(row.cost_usd ?? '0.00000000') },
  };
}
