import { AppError, isUuid } from '@renum/contracts';
import { clients, withPlatform } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { assertPlanIn } from '../limits/plan-exists.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { toWire } from '../wire.ts';

/** Changes a client: name, plan, settings, or status (suspend / reactivate). Platform admins only; audited. */
export async function updateClient(
  deps: PlatformDeps,
  options: {
    principal: Principal;
    clientId: string;
    input: {
      name?: string | undefined;
      status?: 'active' | 'suspended' | undefined;
      plan?: string | undefined;
      settings?: Record<string, unknown> | undefined;
    };
  },
) {
  requirePlatformAdmin(options.principal);
  const notFound = new AppError('CLIENT_NOT_FOUND', 'Client not found', {
    context: { client_id: options.clientId },
  });
  if (!isUuid(options.clientId)) throw notFound;
  const client = await withPlatform(deps.db, async (tx) => {
    if (options.input.plan !== undefined) {
      // An unknown client stays 404 whatever the plan says.
      const [exists] = await tx
        .select({ id: clients.id })
        .from(clients)
        .where(eq(clients.id, options.clientId));
      if (!exists) throw notFound;
      await assertPlanIn(tx, options.input.plan);
    }
    const [row] = await tx
      .update(clients)
      .set(options.input)
      .where(eq(clients.id, options.clientId))
      .returning();
    if (!row) throw notFound;
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'admin.clients.update',
        targetType: 'client',
        targetId: row.id,
        clientId: row.id,
        data: { ...options.input, settings: undefined },
      },
    });
    return toWire(row);
  });
  // After the commit: a suspension (or reactivation) applies to access tokens in this process at once.
  deps.sessionCache?.forgetClient(client.id);
  return client;
}
