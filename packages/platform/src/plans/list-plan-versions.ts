import type { PlanVersion } from '@renum/contracts';
import { planVersions, withPlatform } from '@renum/db';
import { desc, eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { planOrThrow } from './plan-store.ts';
import { planVersionToWire } from './plan-wire.ts';

const historySize = 50;

/** A plan's stored versions, newest first (the last 50; platform admins only; `404 PLAN_NOT_FOUND`). */
export async function listPlanVersions(
  deps: PlatformDeps,
  options: { principal: Principal; name: string },
): Promise<{ data: PlanVersion[] }> {
  requirePlatformAdmin(options.principal);
  return withPlatform(deps.db, async (tx) => {
    await planOrThrow(tx, options.name);
    const rows = await tx
      .select()
      .from(planVersions)
      .where(eq(planVersions.plan, options.name))
      .orderBy(desc(planVersions.version))
      .limit(historySize);
    return { data: rows.map(planVersionToWire) };
  });
}
