import type { Plan, UpdatePlan } from '@renum/contracts';
import { plans, withPlatform } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import {
  appendPlanVersion,
  assertBaseVersion,
  changedPlanFields,
  clientsOnPlan,
  lockPlans,
  planOrThrow,
  planToWireOf,
  storedValues,
} from './plan-store.ts';

/**
 * Sets a plan's description, budget and limits as its next version (platform admins only; audited
 * `admin.plans.update` with the fields changed, the clients on the plan and the reason). The clients on
 * it get the new limits at their next admission. `base_version` is the version edited: another change
 * since is `409 CONFLICT` and nothing is written. An edit that changes nothing writes no version.
 */
export async function updatePlan(
  deps: PlatformDeps,
  options: { principal: Principal; name: string; input: UpdatePlan },
): Promise<Plan> {
  requirePlatformAdmin(options.principal);
  const { input, principal } = options;
  return withPlatform(deps.db, async (tx) => {
    await lockPlans(tx);
    const before = await planOrThrow(tx, options.name);
    assertBaseVersion(before, input.base_version);
    const changed = changedPlanFields(before, input);
    const clients = await clientsOnPlan(tx, before.name);
    if (changed.length === 0) return planToWireOf(before, clients);
    const [after] = await tx
      .update(plans)
      .set({ ...storedValues(input), version: before.version + 1 })
      .where(eq(plans.name, before.name))
      .returning();
    await appendPlanVersion(tx, after!, principal.userId ?? null);
    await recordAudit(tx, {
      id: deps.newId(),
      actor: principal,
      entry: {
        action: 'admin.plans.update',
        targetType: 'plan',
        clientId: null,
        data: {
          plan: before.name,
          version: after!.version,
          changed,
          clients,
          ...(input.reason ? { reason: input.reason } : {}),
        },
      },
    });
    return planToWireOf(after!, clients);
  });
}
