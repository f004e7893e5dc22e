import { AppError, type Client, isUuid } from '@renum/contracts';
import { clients, withPlatform } from '@renum/db';
import { and, eq, ne } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { toWire } from '../wire.ts';

/**
 * Suspends or reactivates a client with a reason, audited as `admin.clients.suspend` / `.reactivate`
 * in the client's own audit log (its owner sees who and why). A suspended client's people and keys are
 * refused at once (the session cache forgets the client after the commit). Already in that status:
 * `409 CONFLICT`, nothing recorded.
 */
export async function changeClientStatus(
  deps: PlatformDeps,
  options: { principal: Principal; clientId: string; status: 'active' | 'suspended'; reason: string },
): Promise<Client> {
  requirePlatformAdmin(options.principal);
  const notFound = new AppError('CLIENT_NOT_FOUND', 'Client not found', {
    context: { client_id: options.clientId },
  });
  if (!isUuid(options.clientId)) throw notFound;
  const client = await withPlatform(deps.db, async (tx) => {
    const [row] = await tx
      .update(clients)
      .set({ status: options.status, updated_at: deps.clock() })
      .where(and(eq(clients.id, options.clientId), ne(clients.status, options.status)))
      .returning();
    if (!row) {
      const [exists] = await tx
        .select({ id: clients.id })
        .from(clients)
        .where(eq(clients.id, options.clientId));
      if (!exists) throw notFound;
      throw new AppError('CONFLICT', `The client is already ${options.status}`, {
        context: { status: options.status },
      });
    }
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: options.status === 'suspended' ? 'admin.clients.suspend' : 'admin.clients.reactivate',
        targetType: 'client',
        targetId: row.id,
        clientId: row.id,
        data: { reason: options.reason },
      },
    });
    return toWire(row);
  });
  deps.sessionCache?.forgetClient(client.id);
  return client;
}
