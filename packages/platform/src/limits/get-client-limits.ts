import { AppError, type ClientLimits, isUuid } from '@renum/contracts';
import { withPlatform } from '@renum/db';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { readClientLimits } from './client-limits-view.ts';

/** A client's plan, limits and spend this month, for platform admins (audited). */
export async function getClientLimits(
  deps: PlatformDeps,
  options: { principal: Principal; clientId: string },
): Promise<ClientLimits> {
  requirePlatformAdmin(options.principal);
  if (!isUuid(options.clientId)) {
    throw new AppError('CLIENT_NOT_FOUND', 'Client not found', { context: { client_id: options.clientId } });
  }
  return withPlatform(deps.db, async (tx) => {
    const limits = await readClientLimits(tx, { clientId: options.clientId, now: deps.clock() });
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'admin.clients.limits_read',
        targetType: 'client',
        targetId: options.clientId,
        clientId: options.clientId,
      },
    });
    return limits;
  });
}
