import type { UpdateWhatsApp } from '@renum/contracts';
import { whatsappConnections, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { connectionTaken } from './connect-whatsapp.ts';
import { checkConnectionRefs, connectionToWire, loadConnection } from './connection-wire.ts';
import { storeAppSecret } from './store-app-secret.ts';

/** Changes a connection (owner/admin): its agent, credential, app secret, verify token or template. */
export async function updateWhatsApp(
  deps: PlatformDeps,
  options: { principal: Principal; connectionId: string; input: UpdateWhatsApp },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  const { input } = options;
  const row = await withClient(deps.db, clientId, async (tx) => {
    const current = await loadConnection(tx, options.connectionId);
    await checkConnectionRefs(tx, { agentId: input.agent_id, credentialId: input.credential_id });
    if (input.app_secret) {
      await storeAppSecret(deps, tx, {
        clientId,
        principal: options.principal,
        phoneNumberId: current.phone_number_id,
        appSecret: input.app_secret,
      });
    }
    const [updated] = await tx
      .update(whatsappConnections)
      .set({
        ...(input.agent_id ? { agent_id: input.agent_id.toLowerCase() } : {}),
        ...(input.credential_id ? { credential_id: input.credential_id.toLowerCase() } : {}),
        ...(input.display_phone_number !== undefined
          ? { display_phone_number: input.display_phone_number }
          : {}),
        ...(input.verify_token ? { verify_token: input.verify_token } : {}),
        ...(input.template_name !== undefined ? { template_name: input.template_name } : {}),
        ...(input.template_language ? { template_language: input.template_language } : {}),
        updated_at: deps.clock(),
      })
      .where(eq(whatsappConnections.id, current.id))
      .returning();
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'whatsapp.update',
        targetType: 'whatsapp_connection',
        targetId: current.id,
        clientId,
        data: { fields: Object.keys(input).sort() },
      },
    });
    return updated!;
  }).catch(connectionTaken);
  await deps.credentialCache?.invalidateClient(clientId);
  return connectionToWire(deps, row);
}
