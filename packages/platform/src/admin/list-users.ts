import type { PageQuery } from '@renum/contracts';
import { users, withPlatform } from '@renum/db';
import { desc, lt } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { publicUserColumns } from '../identity/public-user-columns.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { cursorId, toPage, toWire } from '../wire.ts';

/** Every person on the platform (platform admins only; audited). */
export async function listUsers(deps: PlatformDeps, options: { principal: Principal; query: PageQuery }) {
  requirePlatformAdmin(options.principal);
  const after = cursorId(options.query.cursor);
  return withPlatform(deps.db, async (tx) => {
    const rows = await tx
      .select(publicUserColumns)
      .from(users)
      .where(after ? lt(users.id, after) : undefined)
      .orderBy(desc(users.id))
      .limit(options.query.limit + 1);
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: { action: 'admin.users.list', targetType: 'user', clientId: null },
    });
    return toPage(rows, options.query.limit, toWire);
  });
}
