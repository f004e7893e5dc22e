import { clientDataKeys, withPlatform } from '@renum/db';
import type { WrappedDataKey } from '@renum/vault';
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';

/**
 * Key rotation: re-wraps every client's data keys under the vault's current key-encryption key,
 * one row at a time (no downtime: keys not yet re-wrapped keep decrypting with the old version).
 * Secrets themselves are untouched. Returns how many keys moved.
 */
export async function rewrapDataKeys(deps: PlatformDeps): Promise<{ rewrapped: number; total: number }> {
  const rows = await withPlatform(deps.db, (tx) =>
    tx
      .select({
        clientId: clientDataKeys.client_id,
        version: clientDataKeys.dek_version,
        record: clientDataKeys.record,
      })
      .from(clientDataKeys),
  );
  let rewrapped = 0;
  for (const row of rows) {
    const result = await deps.vault.rewrapDataKey({ dataKey: row.record as unknown as WrappedDataKey });
    if (!result.rewrapped) continue;
    await withPlatform(deps.db, async (tx) => {
      await tx
        .update(clientDataKeys)
        .set({
          record: result.dataKey as unknown as Record<string, unknown>,
          kek_version: result.dataKey.kekVersion,
        })
        .where(and(eq(clientDataKeys.client_id, row.clientId), eq(clientDataKeys.dek_version, row.version)));
      await recordAudit(tx, {
        id: deps.newId(),
        actor: null,
        entry: {
          action: 'vault.rewrap',
          targetType: 'client',
          targetId: row.clientId,
          clientId: row.clientId,
          data: { kek_version: result.dataKey.kekVersion },
        },
      });
    });
    rewrapped += 1;
  }
  return { rewrapped, total: rows.length };
}
