import { apiKeys, withClient } from '@renum/db';
import { desc } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { toWire } from '../wire.ts';
import { apiKeyColumns } from './create-api-key.ts';

/** The client's API keys, masked to their prefix. */
export async function listApiKeys(deps: PlatformDeps, options: { principal: Principal }) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  const rows = await withClient(deps.db, clientId, (tx) =>
    tx.select(apiKeyColumns).from(apiKeys).orderBy(desc(apiKeys.id)),
  );
  return { data: rows.map(toWire) };
}
