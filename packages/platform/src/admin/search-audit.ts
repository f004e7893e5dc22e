import type { AdminAuditQuery, AuditEntry } from '@renum/contracts';
import { auditLog, clients, users, withPlatform } from '@renum/db';
import { and, desc, eq, gte, like, lt, lte, or, type SQL } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { cursorId, escapeLike, toPage, toWire } from '../wire.ts';

function conditionsOf(query: AdminAuditQuery): SQL[] {
  const conditions: SQL[] = [];
  const after = cursorId(query.cursor);
  if (after) conditions.push(lt(auditLog.id, after));
  if (query.client_id) conditions.push(eq(auditLog.client_id, query.client_id));
  if (query.actor_id) conditions.push(eq(auditLog.actor_id, query.actor_id));
  if (query.action)
    conditions.push(
      or(eq(auditLog.action, query.action), like(auditLog.action, `${escapeLike(query.action)}.%`))!,
    );
  if (query.from) conditions.push(gte(auditLog.created_at, new Date(query.from)));
  if (query.to) conditions.push(lte(auditLog.created_at, new Date(query.to)));
  return conditions;
}

/**
 * The audit log across clients, newest first, by client, actor, action (exact or a dotted prefix:
 * `admin.clients`) and time (platform admins only). Searching it is itself audited.
 */
export async function searchAudit(
  deps: PlatformDeps,
  options: { principal: Principal; query: AdminAuditQuery },
) {
  requirePlatformAdmin(options.principal);
  const { query } = options;
  const conditions = conditionsOf(query);
  return withPlatform(deps.db, async (tx) => {
    const rows = await tx
      .select({ entry: auditLog, client_name: clients.name, actor_email: users.email })
      .from(auditLog)
      .leftJoin(clients, eq(clients.id, auditLog.client_id))
      .leftJoin(users, eq(users.id, auditLog.actor_id))
      .where(and(...conditions))
      .orderBy(desc(auditLog.id))
      .limit(query.limit + 1);
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'admin.audit.search',
        targetType: 'audit_log',
        clientId: null,
        data: { client_id: query.client_id ?? null, action: query.action ?? null },
      },
    });
    return toPage(
      rows.map((row) => ({ ...row, id: row.entry.id })),
      query.limit,
      (row): AuditEntry => ({
        ...toWire(row.entry),
        client_name: row.client_name,
        actor_email: row.actor_email,
      }),
    );
  });
}
