import { credentials, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { loadCredential } from './credential-wire.ts';

/** Deletes a credential; the ciphertext is gone with the row. Audited. */
export async function deleteCredential(
  deps: PlatformDeps,
  options: { principal: Principal; credentialId: string },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  await withClient(deps.db, clientId, async (tx) => {
    const current = await loadCredential(tx, options.credentialId);
    await tx.delete(credentials).where(eq(credentials.id, current.id));
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'credential.delete',
        targetType: 'credential',
        targetId: current.id,
        clientId,
        data: { service: current.service, name: current.name },
      },
    });
  });
  await deps.credentialCache?.invalidateClient(clientId);
}
