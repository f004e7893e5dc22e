import { AppError, isUuid, type ViewAsSession } from '@renum/contracts';
import { clients, viewAsSessions, withPlatform } from '@renum/db';
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { toWire } from '../wire.ts';
import { expireViewAsSessions } from './expire-view-as.ts';

/**
 * Ends one of the caller's own view-as sessions at once (its token is refused from the next request),
 * audited as `admin.view_as.end` in the client's log. Unknown, another admin's, already ended or
 * expired (closed and audited as `admin.view_as.expired` first): `404 NOT_FOUND`.
 */
export async function endViewAs(
  deps: PlatformDeps,
  options: { principal: Principal; sessionId: string },
): Promise<ViewAsSession> {
  requirePlatformAdmin(options.principal);
  const notFound = new AppError('NOT_FOUND', 'No open view-as session of yours with this id', {
    context: { session_id: options.sessionId },
  });
  if (!isUuid(options.sessionId)) throw notFound;
  const now = deps.clock();
  // A session whose time is up expired on its own: that is what the log says, not an Exit.
  await expireViewAsSessions(deps, { now, sessionId: options.sessionId });
  return withPlatform(deps.db, async (tx) => {
    const [row] = await tx
      .update(viewAsSessions)
      .set({ ended_at: now })
      .where(
        and(
          eq(viewAsSessions.id, options.sessionId),
          eq(viewAsSessions.admin_user_id, options.principal.userId!),
          isNull(viewAsSessions.ended_at),
        ),
      )
      .returning();
    if (!row) throw notFound;
    const [client] = await tx
      .select({ name: clients.name })
      .from(clients)
      .where(eq(clients.id, row.client_id));
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'admin.view_as.end',
        targetType: 'view_as_session',
        targetId: row.id,
        clientId: row.client_id,
        data: { reason: row.reason },
      },
    });
    return { ...toWire(row), client_name: client?.name ?? '' };
  });
}
