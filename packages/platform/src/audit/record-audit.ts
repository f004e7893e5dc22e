import { auditLog, type Transaction } from '@renum/db';
import type { Principal } from '../principal.ts';

/** One audited action; `data` must never hold a secret. */
export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  clientId: string | null;
  data?: Record<string, unknown>;
}

/** Appends an audit row in the caller's transaction, so it commits or rolls back with the change. */
export async function recordAudit(
  tx: Transaction,
  options: { actor: Principal | null; entry: AuditEntry; id: string },
): Promise<void> {
  const { actor, entry } = options;
  const actorType = !actor
    ? 'system'
    : actor.kind === 'api_key'
      ? 'api_key'
      : actor.platformRole === 'admin' && entry.action.startsWith('admin.')
        ? 'platform_admin'
        : 'user';
  await tx.insert(auditLog).values({
    id: options.id,
    client_id: entry.clientId,
    actor_type: actorType,
    actor_id: actor ? (actor.userId ?? actor.apiKeyId) : null,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId ?? null,
    data: entry.data ?? {},
    request_id: actor?.requestId ?? null,
    ip: actor?.ip ?? null,
  });
}
