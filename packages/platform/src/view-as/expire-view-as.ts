import { users, viewAsSessions, withPlatform } from '@renum/db';
import { and, eq, isNull, lte } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';

/**
 * Closes the view-as sessions whose time is up and that nobody ended (ADR 0040): each gets
 * `ended_at = expires_at` and one `admin.view_as.expired` audit row in its client's log (actor: the
 * system), once, whoever finds it first: the conditional update is the guard, so concurrent callers
 * (a request with the expired token, Exit, the periodic sweep) record it once between them. With
 * `sessionId`, only that session. Answers how many were closed.
 */
export async function expireViewAsSessions(
  deps: PlatformDeps,
  options: { now: Date; sessionId?: string },
): Promise<number> {
  return withPlatform(deps.db, async (tx) => {
    const due = and(
      isNull(viewAsSessions.ended_at),
      lte(viewAsSessions.expires_at, options.now),
      options.sessionId ? eq(viewAsSessions.id, options.sessionId) : undefined,
    );
    const closed = await tx
      .update(viewAsSessions)
      .set({ ended_at: viewAsSessions.expires_at })
      .where(due)
      .returning();
    for (const row of closed) {
      const [admin] = await tx
        .select({ email: users.email })
        .from(users)
        .where(eq(users.id, row.admin_user_id));
      await recordAudit(tx, {
        id: deps.newId(),
        actor: null,
        entry: {
          action: 'admin.view_as.expired',
          targetType: 'view_as_session',
          targetId: row.id,
          clientId: row.client_id,
          data: {
            reason: row.reason,
            admin_email: admin?.email ?? null,
            expires_at: row.expires_at.toISOString(),
          },
        },
      });
    }
    return closed.length;
  });
}
