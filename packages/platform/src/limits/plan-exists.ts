import { AppError } from '@renum/contracts';
import { plans, type Transaction, withPlatform } from '@renum/db';
import { asc, eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';

/** Throws `400 VALIDATION_ERROR` (naming `field` and the plans there are) unless `name` is a plan. */
export async function assertPlanIn(tx: Transaction, name: string, field = 'plan'): Promise<void> {
  const [found] = await tx.select({ name: plans.name }).from(plans).where(eq(plans.name, name));
  if (found) return;
  const known = await tx.select({ name: plans.name }).from(plans).orderBy(asc(plans.name));
  throw new AppError('VALIDATION_ERROR', `Unknown plan "${name}"`, {
    context: { field, plans: known.map((plan) => plan.name) },
  });
}

/**
 * Checks at boot that the plan new clients get (RENUM_DEFAULT_PLAN) exists, so a typo fails the
 * start with a readable message instead of every signup.
 */
export async function checkDefaultPlan(deps: PlatformDeps, name: string): Promise<void> {
  await withPlatform(deps.db, (tx) => assertPlanIn(tx, name, 'RENUM_DEFAULT_PLAN')).catch(
    (error: unknown) => {
      if (!AppError.isInstance(error)) throw error;
      const known = (error.context.plans as string[] | undefined)?.join(', ') ?? '';
      throw new Error(`RENUM_DEFAULT_PLAN is invalid: no plan is named "${name}" (plans: ${known})`);
    },
  );
}
