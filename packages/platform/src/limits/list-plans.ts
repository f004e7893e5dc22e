import type { Plan } from '@renum/contracts';
import { plans, withPlatform } from '@renum/db';
import { asc } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';

const money = (value: string | null) => (value === null ? null : Number(value));

/** The plans clients can be put on, by name (platform admins only). */
export async function listPlans(
  deps: PlatformDeps,
  options: { principal: Principal },
): Promise<{ data: Plan[] }> {
  requirePlatformAdmin(options.principal);
  const rows = await withPlatform(deps.db, (tx) => tx.select().from(plans).orderBy(asc(plans.name)));
  return {
    data: rows.map((row) => ({
      name: row.name,
      description: row.description,
      monthly_budget_usd: money(row.monthly_budget_usd),
      requests_per_minute: row.requests_per_minute,
      max_concurrent_runs: row.max_concurrent_runs,
    })),
  };
}
