import { AppError, isUuid, type StartViewAs, type ViewAsGrant, viewAsMinutes } from '@renum/contracts';
import { clients, users, viewAsSessions, withPlatform } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { signAccessToken } from '../identity/access-tokens.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { toWire } from '../wire.ts';

/**
 * Starts a platform admin's read-only look at one client (ADR 0040): a `view_as_sessions` row that ends
 * {@link viewAsMinutes} minutes later, audited as `admin.view_as.start` in the client's own log (its
 * owner sees who, why and until when), and an access token naming it. The token is never refreshed.
 */
export async function startViewAs(
  deps: PlatformDeps,
  options: { principal: Principal; clientId: string; input: StartViewAs },
): Promise<ViewAsGrant> {
  requirePlatformAdmin(options.principal);
  const adminId = options.principal.userId!;
  const notFound = new AppError('CLIENT_NOT_FOUND', 'Client not found', {
    context: { client_id: options.clientId },
  });
  if (!isUuid(options.clientId)) throw notFound;
  const now = deps.clock();
  const expiresAt = new Date(now.getTime() + viewAsMinutes * 60_000);
  const session = await withPlatform(deps.db, async (tx) => {
    const [client] = await tx.select().from(clients).where(eq(clients.id, options.clientId));
    if (!client) throw notFound;
    const [admin] = await tx.select({ email: users.email }).from(users).where(eq(users.id, adminId));
    const [row] = await tx
      .insert(viewAsSessions)
      .values({
        id: deps.newId(),
        client_id: client.id,
        admin_user_id: adminId,
        reason: options.input.reason,
        started_at: now,
        expires_at: expiresAt,
      })
      .returning();
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'admin.view_as.start',
        targetType: 'view_as_session',
        targetId: row!.id,
        clientId: client.id,
        data: {
          reason: options.input.reason,
          admin_email: admin?.email ?? null,
          expires_at: expiresAt.toISOString(),
        },
      },
    });
    return { ...toWire(row!), client_name: client.name };
  });
  const accessToken = await signAccessToken(
    deps.auth,
    {
      userId: adminId,
      clientId: session.client_id,
      role: 'admin',
      platformRole: 'none',
      sessionId: session.id,
      viewAsToken: true,
    },
    { now, id: deps.newId(), expiresAt },
  );
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: viewAsMinutes * 60,
    session,
  };
}
