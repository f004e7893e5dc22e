import { whatsappConnections, withClient } from '@renum/db';
import { asc } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { connectionToWire } from './connection-wire.ts';

/** The client's connected WhatsApp numbers (any member may see them; secrets are never shown). */
export async function listWhatsApp(deps: PlatformDeps, options: { principal: Principal }) {
  const { clientId } = requireClient(options.principal);
  const rows = await withClient(deps.db, clientId, (tx) =>
    tx.select().from(whatsappConnections).orderBy(asc(whatsappConnections.created_at)),
  );
  return { data: rows.map((row) => connectionToWire(deps, row)) };
}
