import { AppError, type ClientLimits } from '@renum/contracts';
import { clientLimits, clientMonthlySpend, clients, plans, runs, type Transaction } from '@renum/db';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { monthStart } from './admission-snapshot.ts';

const money = (value: string | null) => (value === null ? null : Number(value));

/**
 * A client's limits as enforced right now (plan, overrides, this month's spend and unfinished
 * runs), read in `tx` whatever its scope. Throws CLIENT_NOT_FOUND when the client is not visible.
 */
export async function readClientLimits(
  tx: Transaction,
  options: { clientId: string; now: Date },
): Promise<ClientLimits> {
  const month = monthStart(options.now);
  const [row] = await tx
    .select({
      plan: clients.plan,
      plan_budget: plans.monthly_budget_usd,
      plan_rpm: plans.requests_per_minute,
      plan_concurrency: plans.max_concurrent_runs,
      own_budget: clientLimits.monthly_budget_usd,
      own_rpm: clientLimits.requests_per_minute,
      own_concurrency: clientLimits.max_concurrent_runs,
      spent: sql<string>`coalesce((select ${clientMonthlySpend.spent_usd} from ${clientMonthlySpend}
        where ${clientMonthlySpend.client_id} = ${clients.id} and ${clientMonthlySpend.month} = ${month}::date), 0)::text`,
    })
    .from(clients)
    .innerJoin(plans, eq(plans.name, clients.plan))
    .leftJoin(clientLimits, eq(clientLimits.client_id, clients.id))
    .where(eq(clients.id, options.clientId));
  if (!row) {
    throw new AppError('CLIENT_NOT_FOUND', 'Client not found', { context: { client_id: options.clientId } });
  }
  const [active] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(runs)
    .where(and(eq(runs.client_id, options.clientId), inArray(runs.status, ['queued', 'running'])));
  const budget = money(row.own_budget ?? row.plan_budget);
  const spent = Number(row.spent);
  const usedPercent =
    budget === null ? null : budget === 0 ? 100 : Math.round((spent / budget) * 10_000) / 100;
  const start = new Date(`${month}T00:00:00.000Z`);
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  return {
    client_id: options.clientId,
    plan: row.plan,
    month: month.slice(0, 7),
    period_start: start.toISOString(),
    period_end: end.toISOString(),
    monthly_budget_usd: budget,
    spent_usd: spent,
    budget_used_percent: usedPercent,
    budget_status:
      budget === null ? 'ok' : spent >= budget ? 'exceeded' : spent >= budget * 0.8 ? 'warning' : 'ok',
    requests_per_minute: row.own_rpm ?? row.plan_rpm,
    max_concurrent_runs: row.own_concurrency ?? row.plan_concurrency,
    active_runs: active?.count ?? 0,
    overrides: {
      monthly_budget_usd: money(row.own_budget),
      requests_per_minute: row.own_rpm,
      max_concurrent_runs: row.own_concurrency,
    },
  };
}
