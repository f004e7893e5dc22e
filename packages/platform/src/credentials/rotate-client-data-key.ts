import { AppError, isUuid } from '@renum/contracts';
import { clientDataKeys, credentials, type Transaction, withClient } from '@renum/db';
import type { EncryptedSecret, WrappedDataKey } from '@renum/vault';
import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { credentialDataKey } from './data-keys.ts';

/** Options of {@link rotateClientDataKey}. */
export interface RotateClientDataKeyOptions {
  clientId: string;
  /**
   * Credentials re-encrypted per transaction; each batch commits on its own, so readers and writers
   * wait for one batch at most. @defaultValue 50
   */
  batchSize?: number;
  /** Called after each committed batch with the number of credentials moved so far (progress, tests). */
  onBatch?: (moved: number) => void | Promise<void>;
}

/** What a data-key rotation did. */
export interface RotateClientDataKeyResult {
  clientId: string;
  /** False when the client had no data key yet (no credential was ever stored): nothing to rotate. */
  rotated: boolean;
  /** The client's data-key version before and after. */
  fromVersion: number | null;
  toVersion: number | null;
  /** Credentials re-encrypted under the new data key. */
  moved: number;
  /** Old data-key versions deleted once no credential used them. */
  retiredVersions: number[];
}

/** Adds the client's next data-key version; from its commit on, new and replaced secrets use it. */
async function addNextDataKey(tx: Transaction, deps: PlatformDeps, clientId: string) {
  // FOR UPDATE serialises concurrent rotations of one client on its newest key row.
  const [latest] = await tx
    .select({ version: clientDataKeys.dek_version })
    .from(clientDataKeys)
    .where(eq(clientDataKeys.client_id, clientId))
    .orderBy(desc(clientDataKeys.dek_version))
    .limit(1)
    .for('update');
  if (!latest) return null;
  const created = await deps.vault.createDataKey({ clientId, dekVersion: latest.version + 1 });
  await tx.insert(clientDataKeys).values({
    client_id: clientId,
    dek_version: created.dekVersion,
    kek_version: created.kekVersion,
    record: created as unknown as Record<string, unknown>,
  });
  return { from: latest.version, dataKey: created };
}

/** Re-encrypts up to `limit` credentials still under an older data key; returns how many moved. */
async function moveBatch(
  tx: Transaction,
  deps: PlatformDeps,
  options: { clientId: string; dataKey: WrappedDataKey; limit: number },
): Promise<number> {
  const { clientId, dataKey } = options;
  // Locked rows: a concurrent replace of the same credential waits, then writes under the newest key.
  const rows = await tx
    .select({ id: credentials.id, secret: credentials.secret, record: clientDataKeys.record })
    .from(credentials)
    .innerJoin(clientDataKeys, credentialDataKey)
    .where(and(eq(credentials.client_id, clientId), lt(credentials.dek_version, dataKey.dekVersion)))
    .orderBy(asc(credentials.id))
    .limit(options.limit)
    .for('update', { of: credentials });
  for (const row of rows) {
    const fields = await deps.vault.decryptSecret({
      dataKey: row.record as unknown as WrappedDataKey,
      clientId,
      credentialId: row.id,
      secret: row.secret as unknown as EncryptedSecret,
    });
    const secret = await deps.vault.encryptSecret({ dataKey, clientId, credentialId: row.id, fields });
    await tx
      .update(credentials)
      .set({ secret: secret as unknown as Record<string, unknown>, dek_version: dataKey.dekVersion })
      .where(eq(credentials.id, row.id));
  }
  return rows.length;
}

/**
 * Deletes the client's data keys older than `version` that no credential uses any more. The old key
 * rows are locked first, so a writer that picked one just before the rotation (it holds a KEY SHARE
 * lock on it until it commits) is waited for and then seen by the check. Returns the versions deleted
 * and how many credentials still use an old one (moved on the next pass).
 */
async function retireOldDataKeys(tx: Transaction, clientId: string, version: number) {
  await tx
    .select({ version: clientDataKeys.dek_version })
    .from(clientDataKeys)
    .where(and(eq(clientDataKeys.client_id, clientId), lt(clientDataKeys.dek_version, version)))
    .for('update');
  const deleted = await tx
    .delete(clientDataKeys)
    .where(
      and(
        eq(clientDataKeys.client_id, clientId),
        lt(clientDataKeys.dek_version, version),
        sql`not exists (select 1 from credentials c where c.client_id = ${clientDataKeys.client_id} and c.dek_version = ${clientDataKeys.dek_version})`,
      ),
    )
    .returning({ version: clientDataKeys.dek_version });
  const [left] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(credentials)
    .where(and(eq(credentials.client_id, clientId), lt(credentials.dek_version, version)));
  return { retired: deleted.map((row) => row.version).sort((a, b) => a - b), left: left?.count ?? 0 };
}

/**
 * Per-client data-key rotation, without downtime: adds the client's next data key (new and replaced
 * secrets use it from then on), re-encrypts the client's credentials under it in small committed
 * batches, then deletes the old data keys once nothing uses them. Until then the old versions keep
 * decrypting the rows not yet moved, so an interrupted rotation leaves every secret readable; running
 * it again finishes the job under a newer key. Audited as `vault.rotate_client`.
 * @throws AppError `CLIENT_NOT_FOUND` for a malformed id
 */
export async function rotateClientDataKey(
  deps: PlatformDeps,
  options: RotateClientDataKeyOptions,
): Promise<RotateClientDataKeyResult> {
  if (!isUuid(options.clientId)) {
    throw new AppError('CLIENT_NOT_FOUND', 'Client not found', { context: { client_id: options.clientId } });
  }
  const clientId = options.clientId.toLowerCase();
  const batchSize = options.batchSize ?? 50;
  const added = await withClient(deps.db, clientId, (tx) => addNextDataKey(tx, deps, clientId));
  if (!added) {
    return { clientId, rotated: false, fromVersion: null, toVersion: null, moved: 0, retiredVersions: [] };
  }
  const { dataKey } = added;
  let moved = 0;
  const retiredVersions: number[] = [];
  // A writer that read the old key just before the new one committed may still store a secret under it;
  // the retire step notices and another pass moves it.
  for (let pass = 0; pass < 5; pass++) {
    for (;;) {
      const count = await withClient(deps.db, clientId, (tx) =>
        moveBatch(tx, deps, { clientId, dataKey, limit: batchSize }),
      );
      if (count === 0) break;
      moved += count;
      await options.onBatch?.(moved);
    }
    const { retired, left } = await withClient(deps.db, clientId, (tx) =>
      retireOldDataKeys(tx, clientId, dataKey.dekVersion),
    );
    retiredVersions.push(...retired);
    if (left === 0) break;
  }
  await withClient(deps.db, clientId, (tx) =>
    recordAudit(tx, {
      id: deps.newId(),
      actor: null,
      entry: {
        action: 'vault.rotate_client',
        targetType: 'client',
        targetId: clientId,
        clientId,
        data: { from_version: added.from, to_version: dataKey.dekVersion, moved, retired: retiredVersions },
      },
    }),
  );
  return {
    clientId,
    rotated: true,
    fromVersion: added.from,
    toVersion: dataKey.dekVersion,
    moved,
    retiredVersions,
  };
}
