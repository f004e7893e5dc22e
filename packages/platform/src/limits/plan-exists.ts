import { AppError } from '@renum/contracts';
import { plans, type Transaction, withPlatform } from '@renum/db';
import { asc, eq, isNull } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';

/**
 * Throws `400 VALIDATION_ERROR` (naming `field` and the plans a client can be put on) unless `name` is a
 * plan that is not retired (ADR 0055).
 */
export async function assertPlanIn(tx: Transaction, name: string, field = 'plan'): Promise<void> {
  const [found] = await tx
    .select({ name: plans.name, retiredAt: plans.retired_at })
    .from(plans)
    .where(eq(plans.name, name));
  if (found && found.retiredAt === null) return;
  const known = await tx
    .select({ name: plans.name })
    .from(plans)
    .where(isNull(plans.retired_at))
    .orderBy(asc(plans.name));
  const message = found ? `The plan "${name}" is retired` : `Unknown plan "${name}"`;
  throw new AppError('VALIDATION_ERROR', message, {
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
      throw new Error(`RENUM_DEFAULT_PLAN is invalid: ${error.message} (plans: ${known})`, { cause: error });
    },
  );
}
