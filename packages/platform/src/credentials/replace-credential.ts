import { credentials, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { credentialToWire, loadCredential, maskedHint, validateSecretFields } from './credential-wire.ts';
import { currentDataKey } from './data-keys.ts';

/** Replaces a credential's secret (re-encrypted under the current data key). Audited without the value. */
export async function replaceCredential(
  deps: PlatformDeps,
  options: { principal: Principal; credentialId: string; secret: Record<string, string> },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  const replaced = await withClient(deps.db, clientId, async (tx) => {
    const current = await loadCredential(tx, options.credentialId);
    const secret = validateSecretFields(current.service, options.secret);
    const dataKey = await currentDataKey(tx, { vault: deps.vault, clientId });
    const encrypted = await deps.vault.encryptSecret({
      dataKey,
      clientId,
      credentialId: current.id,
      fields: secret,
    });
    const [row] = await tx
      .update(credentials)
      .set({
        secret: encrypted as unknown as Record<string, unknown>,
        dek_version: dataKey.dekVersion,
        field_names: Object.keys(secret).sort(),
        masked: maskedHint(secret),
      })
      .where(eq(credentials.id, current.id))
      .returning();
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'credential.replace',
        targetType: 'credential',
        targetId: current.id,
        clientId,
        data: { service: current.service },
      },
    });
    return credentialToWire(row!);
  });
  // After the commit, so a concurrent load cannot cache the old secret again (see CredentialCache.set).
  await deps.credentialCache?.invalidateClient(clientId);
  return replaced;
}
