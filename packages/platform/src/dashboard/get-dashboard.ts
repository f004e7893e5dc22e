import type { Dashboard } from '@renum/contracts';
import { agents, conversations, runs, usageLogs, withClient } from '@renum/db';
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';

/**
 * The builder's dashboard in one transaction: agents by status, conversations and runs since
 * midnight UTC, this month's tokens and cost from the usage ledger, and the latest failed runs.
 * RLS scopes every count to the caller's client.
 */
export async function getDashboard(
  deps: PlatformDeps,
  options: { principal: Principal },
): Promise<Dashboard> {
  const { clientId } = requireClient(options.principal);
  const now = deps.clock();
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return withClient(deps.db, clientId, async (tx) => {
    const statusRows = await tx
      .select({ status: agents.status, count: sql<number>`count(*)::int` })
      .from(agents)
      .groupBy(agents.status);
    const [conversationCount] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(conversations)
      .where(gte(conversations.created_at, today));
    const [runCount] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(runs)
      .where(gte(runs.created_at, today));
    const [usage] = await tx
      .select({
        calls: sql<number>`count(*)::int`,
        tokens: sql<number>`coalesce(sum(${usageLogs.tokens_input} + ${usageLogs.tokens_output}), 0)::int`,
        cost: sql<string>`coalesce(sum(${usageLogs.cost_usd}), 0)::text`,
      })
      .from(usageLogs)
      .where(gte(usageLogs.created_at, month));
    const failed = await tx
      .select({
        run_id: runs.id,
        agent_id: runs.agent_id,
        agent_name: agents.name,
        error_code: runs.error_code,
        error_message: runs.error_message,
        created_at: runs.created_at,
      })
      .from(runs)
      .leftJoin(agents, eq(agents.id, runs.agent_id))
      .where(and(eq(runs.status, 'failed')))
      .orderBy(desc(runs.created_at))
      .limit(5);
    const byStatus = { draft: 0, active: 0, inactive: 0 };
    for (const row of statusRows) byStatus[row.status] = row.count;
    return {
      agents_by_status: byStatus,
      conversations_today: conversationCount?.count ?? 0,
      runs_today: runCount?.count ?? 0,
      month: {
        total_tokens: usage?.tokens ?? 0,
        cost_usd: Number(usage?.cost ?? 0),
        calls: usage?.calls ?? 0,
      },
      recent_errors: failed.map((row) => ({ ...row, created_at: row.created_at.toISOString() })),
    };
  });
}
