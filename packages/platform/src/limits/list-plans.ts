import type { Plan } from '@renum/contracts';
import { clients, plans, withPlatform } from '@renum/db';
import { asc, count } from 'drizzle-orm';
import { planToWire } from '../plans/plan-wire.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';

/**
 * The plans, by name, retired ones included (`retired_at` set), each with its version in force and the
 * clients on it (platform admins only).
 */
export async function listPlans(
  deps: PlatformDeps,
  options: { principal: Principal },
): Promise<{ data: Plan[] }> {
  requirePlatformAdmin(options.principal);
  return withPlatform(deps.db, async (tx) => {
    const rows = await tx.select().from(plans).orderBy(asc(plans.name));
    const counts = await tx.select({ plan: clients.plan, n: count() }).from(clients).groupBy(clients.plan);
    const byPlan = new Map(counts.map((row) => [row.plan, row.n]));
    return { data: rows.map((row) => planToWire(row, byPlan.get(row.name) ?? 0)) };
  });
}
