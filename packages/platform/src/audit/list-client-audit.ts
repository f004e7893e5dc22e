import type { ClientAuditEntry, ClientAuditQuery } from '@renum/contracts';
import { auditLog, users, withClient, withPlatform } from '@renum/db';
import { and, desc, eq, inArray, like, lt, or, type SQL } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { cursorId, escapeLike, toPage, toWire } from '../wire.ts';

/**
 * The caller's client's own audit log, newest first (owners and admins): what its people, keys and
 * the platform's admins did to it, a platform admin's view-as sessions included (ADR 0040). Rows are
 * read under the client's row-level security; the actors' emails come from one platform-scoped lookup.
 */
export async function listClientAudit(
  deps: PlatformDeps,
  options: { principal: Principal; query: ClientAuditQuery },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  const { query } = options;
  const conditions: SQL[] = [];
  const after = cursorId(query.cursor);
  if (after) conditions.push(lt(auditLog.id, after));
  if (query.action) {
    conditions.push(
      or(eq(auditLog.action, query.action), like(auditLog.action, `${escapeLike(query.action)}.%`))!,
    );
  }
  const rows = await withClient(deps.db, clientId, (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.client_id, clientId), ...conditions))
      .orderBy(desc(auditLog.id))
      .limit(query.limit + 1),
  );
  const actorIds = [
    ...new Set(rows.flatMap((row) => (row.actor_type === 'api_key' || !row.actor_id ? [] : [row.actor_id]))),
  ];
  const emails = new Map(
    actorIds.length === 0
      ? []
      : (
          await withPlatform(deps.db, (tx) =>
            tx.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, actorIds)),
          )
        ).map((user) => [user.id, user.email]),
  );
  return toPage(rows, query.limit, (row): ClientAuditEntry => {
    const wire = toWire(row);
    return {
      id: wire.id,
      actor_type: wire.actor_type,
      actor_id: wire.actor_id,
      actor_email: (wire.actor_id && emails.get(wire.actor_id)) ?? null,
      action: wire.action,
      target_type: wire.target_type,
      target_id: wire.target_id,
      data: wire.data,
      created_at: wire.created_at,
    };
  });
}
