import { type AcceptedInvitation, isUuid } from '@renum/contracts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { Principal } from '../principal.ts';
import { acceptInvitationAs } from './accept-invitation.ts';
import { invitationNotFound, requirePerson } from './invitation-rules.ts';

/**
 * `POST /v1/me/invitations/{id}/accept`: accepts, without the token, one of the invitations that
 * `GET /v1/me/invitations` lists, so a person who already has an account joins from the product.
 */
export async function acceptMyInvitation(
  deps: PlatformDeps,
  options: { principal: Principal; invitationId: string },
): Promise<AcceptedInvitation> {
  requirePerson(options.principal);
  if (!isUuid(options.invitationId)) throw invitationNotFound();
  return acceptInvitationAs(deps, { principal: options.principal, match: { id: options.invitationId } });
}
