import { AppError, type ConnectWhatsApp } from '@renum/contracts';
import { whatsappConnections, withClient } from '@renum/db';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { assertFeatureEnabled, readSettings } from '../settings/read-settings.ts';
import { checkConnectionRefs, connectionToWire } from './connection-wire.ts';
import { storeAppSecret } from './store-app-secret.ts';

/** `409 CONFLICT` when the number or the verify token is already connected (by any client). */
export function connectionTaken(error: unknown): never {
  const constraint = (error as { cause?: { constraint?: string }; constraint?: string })?.cause?.constraint;
  const field = constraint?.includes('verify_token') ? 'verify_token' : 'phone_number_id';
  if (constraint?.startsWith('whatsapp_connections_')) {
    throw new AppError('CONFLICT', `This ${field} is already connected`, { context: { field } });
  }
  throw error;
}

/**
 * Connects a WhatsApp Business number (owner/admin): bound to one of the client's agents, sending with
 * one of its `whatsapp` credentials, its app secret stored in the vault. A number (or verify token)
 * already connected, by this client or another, is `409 CONFLICT`. Audited without secrets.
 */
export async function connectWhatsApp(
  deps: PlatformDeps,
  options: { principal: Principal; input: ConnectWhatsApp },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  const { input } = options;
  const row = await withClient(deps.db, clientId, async (tx) => {
    assertFeatureEnabled(await readSettings(tx), 'whatsapp');
    await checkConnectionRefs(tx, { agentId: input.agent_id, credentialId: input.credential_id });
    const secretId = await storeAppSecret(deps, tx, {
      clientId,
      principal: options.principal,
      phoneNumberId: input.phone_number_id,
      appSecret: input.app_secret,
    });
    const id = deps.newId();
    const [created] = await tx
      .insert(whatsappConnections)
      .values({
        id,
        client_id: clientId,
        agent_id: input.agent_id.toLowerCase(),
        phone_number_id: input.phone_number_id,
        display_phone_number: input.display_phone_number ?? null,
        credential_id: input.credential_id.toLowerCase(),
        app_secret_credential_id: secretId,
        verify_token: input.verify_token,
        template_name: input.template_name ?? null,
        template_language: input.template_language ?? 'pt_BR',
      })
      .returning();
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'whatsapp.connect',
        targetType: 'whatsapp_connection',
        targetId: id,
        clientId,
        data: { phone_number_id: input.phone_number_id, agent_id: input.agent_id },
      },
    });
    return created!;
  }).catch(connectionTaken);
  await deps.credentialCache?.invalidateClient(clientId);
  return connectionToWire(deps, row);
}
