import type { AdminUser, AdminUserListQuery } from '@renum/contracts';
import { clients, memberships, users, withPlatform } from '@renum/db';
import { and, asc, desc, eq, ilike, inArray, lt, or, type SQL } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { publicUserColumns } from '../identity/public-user-columns.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { cursorId, escapeLike, toPage, toWire } from '../wire.ts';

/**
 * Every person on the platform, newest first, with their memberships and last login (platform admins
 * only; audited). `q` searches email and name, `platform_role` filters. Never a password hash.
 */
export async function listUsers(
  deps: PlatformDeps,
  options: { principal: Principal; query: AdminUserListQuery },
) {
  requirePlatformAdmin(options.principal);
  const { query } = options;
  const conditions: SQL[] = [];
  const after = cursorId(query.cursor);
  if (after) conditions.push(lt(users.id, after));
  if (query.platform_role) conditions.push(eq(users.platform_role, query.platform_role));
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    conditions.push(or(ilike(users.email, pattern), ilike(users.name, pattern))!);
  }
  return withPlatform(deps.db, async (tx) => {
    const rows = await tx
      .select({ ...publicUserColumns, last_login_at: users.last_login_at })
      .from(users)
      .where(and(...conditions))
      .orderBy(desc(users.id))
      .limit(query.limit + 1);
    const ids = rows.slice(0, query.limit).map((row) => row.id);
    const joined = ids.length
      ? await tx
          .select({
            user_id: memberships.user_id,
            client_id: clients.id,
            client_name: clients.name,
            role: memberships.role,
          })
          .from(memberships)
          .innerJoin(clients, eq(clients.id, memberships.client_id))
          .where(inArray(memberships.user_id, ids))
          .orderBy(asc(clients.name))
      : [];
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: { action: 'admin.users.list', targetType: 'user', clientId: null },
    });
    return toPage(
      rows,
      query.limit,
      (row): AdminUser => ({
        ...toWire(row),
        memberships: joined
          .filter((membership) => membership.user_id === row.id)
          .map(({ client_id, client_name, role }) => ({ client_id, client_name, role })),
      }),
    );
  });
}
