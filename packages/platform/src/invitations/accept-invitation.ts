import type { AcceptedInvitation } from '@renum/contracts';
import { users, withPlatform } from '@renum/db';
import { eq } from 'drizzle-orm';
import { hashToken } from '../identity/sessions.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { Principal } from '../principal.ts';
import { claimInvitation, type InvitationMatch, joinInvitedClient } from './claim-invitation.ts';
import { invitationNotFound, requirePerson } from './invitation-rules.ts';

/**
 * Accepts an invitation as the signed-in person: it must be pending and addressed to their account's
 * email. Runs in platform scope because the invitation belongs to another client than the session's.
 */
export async function acceptInvitationAs(
  deps: PlatformDeps,
  options: { principal: Principal; match: InvitationMatch },
): Promise<AcceptedInvitation> {
  const { userId } = requirePerson(options.principal);
  return withPlatform(deps.db, async (tx) => {
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
    if (!user) throw invitationNotFound();
    const invitation = await claimInvitation(deps, tx, { match: options.match, email: user.email, userId });
    return joinInvitedClient(deps, tx, { invitation, userId, actor: options.principal });
  });
}

/** `POST /v1/invitations/accept`: accepts the invitation of a link's token. */
export function acceptInvitation(
  deps: PlatformDeps,
  options: { principal: Principal; token: string },
): Promise<AcceptedInvitation> {
  return acceptInvitationAs(deps, {
    principal: options.principal,
    match: { tokenHash: hashToken(options.token) },
  });
}
