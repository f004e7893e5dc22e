import type { PageQuery } from '@renum/contracts';
import { clients, withPlatform } from '@renum/db';
import { desc, lt } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { cursorId, toPage, toWire } from '../wire.ts';

/** Every client, newest first (platform admins only; audited). */
export async function listClients(deps: PlatformDeps, options: { principal: Principal; query: PageQuery }) {
  requirePlatformAdmin(options.principal);
  const after = cursorId(options.query.cursor);
  return withPlatform(deps.db, async (tx) => {
    const rows = await tx
      .select()
      .from(clients)
      .where(after ? lt(clients.id, after) : undefined)
      .orderBy(desc(clients.id))
      .limit(options.query.limit + 1);
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: { action: 'admin.clients.list', targetType: 'client', clientId: null },
    });
    return toPage(rows, options.query.limit, toWire);
  });
}
