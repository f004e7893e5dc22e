import { AppError, isUuid, type WhatsAppConnection } from '@renum/contracts';
import { credentials, type Transaction, whatsappConnections } from '@renum/db';
import { eq } from 'drizzle-orm';
import { loadAgent } from '../agents/agent-id.ts';
import { loadCredential } from '../credentials/credential-wire.ts';
import type { PlatformDeps } from '../platform-deps.ts';

/** A stored connection row. */
export type WhatsAppConnectionRow = typeof whatsappConnections.$inferSelect;

/** Path Meta's webhooks (handshake and deliveries) reach. */
export const whatsAppWebhookPath = '/v1/channels/whatsapp/webhook';

/** `404 WHATSAPP_CONNECTION_NOT_FOUND` for a connection id. */
export function connectionNotFound(id: string): AppError {
  return new AppError('WHATSAPP_CONNECTION_NOT_FOUND', 'WhatsApp connection not found', {
    context: { connection_id: id },
  });
}

/** Loads one of the client's connections (client scope), or throws 404. */
export async function loadConnection(tx: Transaction, id: string): Promise<WhatsAppConnectionRow> {
  if (!isUuid(id)) throw connectionNotFound(id);
  const [row] = await tx
    .select()
    .from(whatsappConnections)
    .where(eq(whatsappConnections.id, id.toLowerCase()));
  if (!row) throw connectionNotFound(id);
  return row;
}

/** The connection as the API shows it: no app secret, the verify token masked. */
export function connectionToWire(
  deps: Pick<PlatformDeps, 'publicUrl'>,
  row: WhatsAppConnectionRow,
): WhatsAppConnection {
  return {
    id: row.id,
    agent_id: row.agent_id,
    phone_number_id: row.phone_number_id,
    display_phone_number: row.display_phone_number,
    credential_id: row.credential_id,
    verify_token_hint: `••••${row.verify_token.slice(-2)}`,
    template_name: row.template_name,
    template_language: row.template_language,
    webhook_url: `${deps.publicUrl.replace(/\/$/, '')}${whatsAppWebhookPath}`,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** Checks that the agent exists and the credential is one of the client's `whatsapp` credentials. */
export async function checkConnectionRefs(
  tx: Transaction,
  refs: { agentId?: string | undefined; credentialId?: string | undefined },
): Promise<void> {
  if (refs.agentId) await loadAgent(tx, refs.agentId);
  if (refs.credentialId) {
    const credential = await loadCredential(tx, refs.credentialId);
    if (credential.service !== 'whatsapp') {
      throw new AppError('VALIDATION_ERROR', 'credential_id must name a whatsapp credential', {
        context: { field: 'credential_id' },
      });
    }
  }
}

/** Name of the credential holding a connection's app secret. */
export const appSecretCredentialName = (phoneNumberId: string) => `whatsapp-app-secret-${phoneNumberId}`;

/** Name of a credential by id, in the client scope (the proxy resolves credentials by name). */
export async function credentialName(tx: Transaction, id: string): Promise<string> {
  const [row] = await tx.select({ name: credentials.name }).from(credentials).where(eq(credentials.id, id));
  if (!row)
    throw new AppError('CREDENTIAL_NOT_FOUND', 'Credential not found', { context: { credential_id: id } });
  return row.name;
}
