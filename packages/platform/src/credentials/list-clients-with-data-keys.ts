import { clientDataKeys, withPlatform } from '@renum/db';
import { asc } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';

/** Ids of the clients that have a data key (stored a credential once), for `vault rotate-client --all`. */
export async function listClientsWithDataKeys(deps: PlatformDeps): Promise<string[]> {
  const rows = await withPlatform(deps.db, (tx) =>
    tx
      .selectDistinct({ clientId: clientDataKeys.client_id })
      .from(clientDataKeys)
      .orderBy(asc(clientDataKeys.client_id)),
  );
  return rows.map((row) => row.clientId);
}
