import { AppError, type ClientLimits, isUuid, type SetClientLimits } from '@renum/contracts';
import { clientLimits, clients, withPlatform } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { readClientLimits } from './client-limits-view.ts';
import { assertPlanIn } from './plan-exists.ts';

/**
 * Puts a client on a plan and replaces its own limits (absent or null: the plan's value).
 * Platform admins only; audited. A budget lowered below this month's spend refuses the next run; its
 * alerts come with the client's next hourly budget check (ADR 0049), the one path of budget alerts.
 */
export async function setClientLimits(
  deps: PlatformDeps,
  options: { principal: Principal; clientId: string; input: SetClientLimits },
): Promise<ClientLimits> {
  requirePlatformAdmin(options.principal);
  const { clientId, input } = options;
  const notFound = new AppError('CLIENT_NOT_FOUND', 'Client not found', { context: { client_id: clientId } });
  if (!isUuid(clientId)) throw notFound;
  return withPlatform(deps.db, async (tx) => {
    const [client] = await tx.select({ id: clients.id }).from(clients).where(eq(clients.id, clientId));
    if (!client) throw notFound;
    if (input.plan !== undefined) {
      await assertPlanIn(tx, input.plan);
      await tx.update(clients).set({ plan: input.plan }).where(eq(clients.id, clientId));
    }
    const own = {
      monthly_budget_usd:
        input.monthly_budget_usd === undefined || input.monthly_budget_usd === null
          ? null
          : String(input.monthly_budget_usd),
      requests_per_minute: input.requests_per_minute ?? null,
      max_concurrent_runs: input.max_concurrent_runs ?? null,
      updated_by: options.principal.userId,
    };
    await tx
      .insert(clientLimits)
      .values({ client_id: clientId, ...own })
      .onConflictDoUpdate({ target: clientLimits.client_id, set: own });
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'admin.clients.limits_update',
        targetType: 'client',
        targetId: clientId,
        clientId,
        data: { ...input },
      },
    });
    return readClientLimits(tx, { clientId, now: deps.clock() });
  });
}
