import { AppError, type CreatePlan, type Plan } from '@renum/contracts';
import { plans, withPlatform } from '@renum/db';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { appendPlanVersion, lockPlans, planView, storedValues } from './plan-store.ts';

/**
 * Creates a plan as its version 1 (platform admins only; audited `admin.plans.create`). A name already
 * taken, retired plans' included, is `409 CONFLICT`.
 */
export async function createPlan(
  deps: PlatformDeps,
  options: { principal: Principal; input: CreatePlan },
): Promise<Plan> {
  requirePlatformAdmin(options.principal);
  const { input, principal } = options;
  return withPlatform(deps.db, async (tx) => {
    await lockPlans(tx);
    const [row] = await tx
      .insert(plans)
      .values({ name: input.name, ...storedValues(input), version: 1 })
      .onConflictDoNothing()
      .returning();
    if (!row)
      throw new AppError('CONFLICT', `A plan is already named "${input.name}"`, {
        context: { field: 'name', plan: input.name },
      });
    await appendPlanVersion(tx, row, principal.userId ?? null);
    await recordAudit(tx, {
      id: deps.newId(),
      actor: principal,
      entry: {
        action: 'admin.plans.create',
        targetType: 'plan',
        clientId: null,
        data: { plan: row.name, version: 1, ...(input.reason ? { reason: input.reason } : {}) },
      },
    });
    return planView(tx, row);
  });
}
