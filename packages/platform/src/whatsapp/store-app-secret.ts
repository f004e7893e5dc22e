import { credentials, type Transaction } from '@renum/db';
import { and, eq } from 'drizzle-orm';
import { currentDataKey } from '../credentials/data-keys.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { Principal } from '../principal.ts';
import { appSecretCredentialName } from './connection-wire.ts';

/**
 * Stores (or replaces) a connection's Meta app secret as a `whatsapp_app_secret` credential of the vault:
 * encrypted under the client's data key like every credential (so key rotation covers it), never
 * returned. Returns the credential's id.
 */
export async function storeAppSecret(
  deps: PlatformDeps,
  tx: Transaction,
  options: { clientId: string; principal: Principal; phoneNumberId: string; appSecret: string },
): Promise<string> {
  const name = appSecretCredentialName(options.phoneNumberId);
  const dataKey = await currentDataKey(tx, { vault: deps.vault, clientId: options.clientId });
  const [existing] = await tx
    .select({ id: credentials.id })
    .from(credentials)
    .where(and(eq(credentials.service, 'whatsapp_app_secret'), eq(credentials.name, name)));
  const id = existing?.id ?? deps.newId();
  const fields = { app_secret: options.appSecret };
  const encrypted = await deps.vault.encryptSecret({
    dataKey,
    clientId: options.clientId,
    credentialId: id,
    fields,
  });
  const values = {
    secret: encrypted as unknown as Record<string, unknown>,
    dek_version: dataKey.dekVersion,
    field_names: ['app_secret'],
    masked: `••••${options.appSecret.slice(-2)}`,
  };
  if (existing) {
    await tx.update(credentials).set(values).where(eq(credentials.id, id));
    return id;
  }
  await tx.insert(credentials).values({
    id,
    client_id: options.clientId,
    agent_id: null,
    service: 'whatsapp_app_secret',
    name,
    created_by: options.principal.userId,
    ...values,
  });
  return id;
}
