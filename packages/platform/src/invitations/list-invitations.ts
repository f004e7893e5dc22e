import type { Invitation } from '@renum/contracts';
import { invitations, withClient } from '@renum/db';
import { and, desc, gt, isNull } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { invitationToWire } from './invitation-rules.ts';

/** The caller's client's pending invitations (not accepted, revoked or expired), newest first. */
export async function listInvitations(
  deps: PlatformDeps,
  options: { principal: Principal },
): Promise<{ data: Invitation[] }> {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  const now = deps.clock();
  const rows = await withClient(deps.db, clientId, (tx) =>
    tx
      .select()
      .from(invitations)
      .where(
        and(isNull(invitations.accepted_at), isNull(invitations.revoked_at), gt(invitations.expires_at, now)),
      )
      .orderBy(desc(invitations.created_at), desc(invitations.id)),
  );
  return { data: rows.map((row) => invitationToWire(row, now)) };
}
