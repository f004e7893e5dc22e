import { credentials, whatsappConnections, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { loadConnection } from './connection-wire.ts';

/**
 * Disconnects a number (owner/admin): the connection and its app secret are deleted (its messages with
 * it); the conversations stay in the inbox. Webhooks for the number are then refused.
 */
export async function disconnectWhatsApp(
  deps: PlatformDeps,
  options: { principal: Principal; connectionId: string },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  await withClient(deps.db, clientId, async (tx) => {
    const current = await loadConnection(tx, options.connectionId);
    await tx.delete(whatsappConnections).where(eq(whatsappConnections.id, current.id));
    await tx.delete(credentials).where(eq(credentials.id, current.app_secret_credential_id));
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'whatsapp.disconnect',
        targetType: 'whatsapp_connection',
        targetId: current.id,
        clientId,
        data: { phone_number_id: current.phone_number_id },
      },
    });
  });
  await deps.credentialCache?.invalidateClient(clientId);
}
