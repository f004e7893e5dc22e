import { AppError, type Plan, type PlanStatusChange } from '@renum/contracts';
import { plans, type Transaction, withPlatform } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { readSettings } from '../settings/read-settings.ts';
import {
  appendPlanVersion,
  assertBaseVersion,
  clientsOnPlan,
  lockPlans,
  planOrThrow,
  planToWireOf,
} from './plan-store.ts';

type PlanRow = typeof plans.$inferSelect;

/**
 * `409 PLAN_IN_USE` unless nothing needs the plan: no client on it, and neither the platform settings'
 * default plan nor the deployment's (`RENUM_DEFAULT_PLAN`) names it.
 */
async function assertUnused(tx: Transaction, deps: PlatformDeps, name: string): Promise<void> {
  const clients = await clientsOnPlan(tx, name);
  const settingsDefault = (await readSettings(tx)).defaultPlan === name;
  const deploymentDefault = deps.defaultPlan === name;
  if (clients === 0 && !settingsDefault && !deploymentDefault) return;
  throw new AppError('PLAN_IN_USE', `The plan "${name}" is in use and cannot be retired`, {
    context: { plan: name, clients, default_plan: settingsDefault || deploymentDefault },
  });
}

/** Writes the plan's next version with `retired_at` set or cleared, and audits it. */
async function setRetired(
  tx: Transaction,
  deps: PlatformDeps,
  options: { principal: Principal; before: PlanRow; retired: boolean; reason: string | undefined },
): Promise<Plan> {
  const { before, principal } = options;
  const [after] = await tx
    .update(plans)
    .set({ retired_at: options.retired ? deps.clock() : null, version: before.version + 1 })
    .where(eq(plans.name, before.name))
    .returning();
  await appendPlanVersion(tx, after!, principal.userId ?? null);
  await recordAudit(tx, {
    id: deps.newId(),
    actor: principal,
    entry: {
      action: options.retired ? 'admin.plans.retire' : 'admin.plans.reinstate',
      targetType: 'plan',
      clientId: null,
      data: {
        plan: before.name,
        version: after!.version,
        ...(options.reason ? { reason: options.reason } : {}),
      },
    },
  });
  return planToWireOf(after!, await clientsOnPlan(tx, before.name));
}

/**
 * Retires a plan no client uses (`409 PLAN_IN_USE` otherwise) or reinstates a retired one, as its next
 * version (platform admins only; audited `admin.plans.retire` / `admin.plans.reinstate`). A retired plan
 * stays for history; no client can be put on it. Doing it twice is a no-op that writes nothing.
 */
export async function setPlanRetired(
  deps: PlatformDeps,
  options: { principal: Principal; name: string; retired: boolean; input: PlanStatusChange },
): Promise<Plan> {
  requirePlatformAdmin(options.principal);
  return withPlatform(deps.db, async (tx) => {
    await lockPlans(tx);
    const before = await planOrThrow(tx, options.name);
    assertBaseVersion(before, options.input.base_version);
    if ((before.retired_at !== null) === options.retired)
      return planToWireOf(before, await clientsOnPlan(tx, before.name));
    if (options.retired) await assertUnused(tx, deps, before.name);
    return setRetired(tx, deps, { ...options, before, reason: options.input.reason });
  });
}
