import type {
  AcceptedInvitation,
  CreatedInvitation,
  createInvitationSchema,
  Invitation,
  InvitationPreview,
  MyInvitation,
} from '@renum/contracts';
import type { z } from 'zod';
import { segment, type Transport } from '../transport.ts';

/**
 * Invitations to join a client: owners and admins create, list and revoke them; the invited person,
 * signed in with the invited email, accepts by token (a link) or from their own list.
 */
export function createInvitationsApi(transport: Transport) {
  return {
    /** Invites an email; the token appears in this answer only, with the `accept_url` to send. */
    create: (input: z.input<typeof createInvitationSchema>) =>
      transport.json<CreatedInvitation>({ method: 'POST', path: '/v1/invitations', body: input }),
    /** The client's pending invitations, newest first. */
    list: () => transport.json<{ data: Invitation[] }>({ method: 'GET', path: '/v1/invitations' }),
    revoke: (id: string) =>
      transport.json<void>({ method: 'DELETE', path: `/v1/invitations/${segment(id)}` }),
    /** What a link's invitation is for (client, role, inviter), without signing in. */
    preview: (token: string, options: { signal?: AbortSignal } = {}) =>
      transport.json<InvitationPreview>({
        method: 'POST',
        path: '/v1/invitations/preview',
        body: { token },
        authenticated: false,
        ...options,
      }),
    /** Accepts the invitation of a link's token as the signed-in person. */
    accept: (token: string) =>
      transport.json<AcceptedInvitation>({ method: 'POST', path: '/v1/invitations/accept', body: { token } }),
    /** Pending invitations addressed to the signed-in person's email. */
    mine: (options: { signal?: AbortSignal } = {}) =>
      transport.json<{ data: MyInvitation[] }>({ method: 'GET', path: '/v1/me/invitations', ...options }),
    /** Accepts one of {@link mine} without its token. */
    acceptMine: (id: string) =>
      transport.json<AcceptedInvitation>({
        method: 'POST',
        path: `/v1/me/invitations/${segment(id)}/accept`,
      }),
  };
}
