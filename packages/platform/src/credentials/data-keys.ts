import { clientDataKeys, credentials, type Transaction } from '@renum/db';
import type { Vault, WrappedDataKey } from '@renum/vault';
import { and, desc, eq } from 'drizzle-orm';

/** Joins a credential to the data key its secret is encrypted under (same client, its `dek_version`). */
export const credentialDataKey = and(
  eq(clientDataKeys.client_id, credentials.client_id),
  eq(clientDataKeys.dek_version, credentials.dek_version),
);

/** The client's newest data key, created (wrapped by the current KEK) on first use. */
export async function currentDataKey(
  tx: Transaction,
  options: { vault: Vault; clientId: string },
): Promise<WrappedDataKey> {
  const [row] = await tx
    .select({ record: clientDataKeys.record })
    .from(clientDataKeys)
    .where(eq(clientDataKeys.client_id, options.clientId))
    .orderBy(desc(clientDataKeys.dek_version))
    .limit(1)
    // Held until the writer commits: a data-key rotation retiring this version waits for it, then sees
    // the secret the writer stored under it (and moves it) instead of deleting a key still in use.
    .for('key share');
  if (row) return row.record as unknown as WrappedDataKey;
  const created = await options.vault.createDataKey({ clientId: options.clientId, dekVersion: 1 });
  await tx.insert(clientDataKeys).values({
    client_id: options.clientId,
    dek_version: created.dekVersion,
    kek_version: created.kekVersion,
    record: created as unknown as Record<string, unknown>,
  });
  return created;
}

/** The client's data key of a given version. */
export async function dataKeyVersion(
  tx: Transaction,
  options: { clientId: string; version: number },
): Promise<WrappedDataKey> {
  const [row] = await tx
    .select({ record: clientDataKeys.record })
    .from(clientDataKeys)
    .where(
      and(eq(clientDataKeys.client_id, options.clientId), eq(clientDataKeys.dek_version, options.version)),
    );
  if (!row) throw new Error(`Data key version ${options.version} is missing`);
  return row.record as unknown as WrappedDataKey;
}
