import { credentials, withClient } from '@renum/db';
import { asc } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { credentialToWire } from './credential-wire.ts';

/** The client's credentials, masked. Only owners and admins. */
export async function listCredentials(deps: PlatformDeps, options: { principal: Principal }) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  const rows = await withClient(deps.db, clientId, (tx) =>
    tx.select().from(credentials).orderBy(asc(credentials.service), asc(credentials.name)),
  );
  return { data: rows.map(credentialToWire) };
}
