import type {
  ApiKey,
  CreatedInvitation,
  createApiKeySchema,
  createInvitationSchema,
  Member,
  MemberRole,
} from '@renum/contracts';
import type { z } from 'zod';
import { segment, type Transport } from '../transport.ts';

/** An API key as created: the secret appears here once. */
export type CreatedApiKey = ApiKey & { secret: string };

/** The client's API keys. */
export function createApiKeysApi(transport: Transport) {
  return {
    list: () => transport.json<{ data: ApiKey[] }>({ method: 'GET', path: '/v1/api-keys' }),
    create: (input: z.input<typeof createApiKeySchema>) =>
      transport.json<CreatedApiKey>({ method: 'POST', path: '/v1/api-keys', body: input }),
    revoke: (id: string) => transport.json<void>({ method: 'DELETE', path: `/v1/api-keys/${segment(id)}` }),
  };
}

/** The client's members (owners and admins manage them). */
export function createMembersApi(transport: Transport) {
  return {
    list: () => transport.json<{ data: Member[] }>({ method: 'GET', path: '/v1/members' }),
    /**
     * Invites an email to join (same as `invitations.create`): nobody joins until the invited person
     * accepts; the answer holds the token once and the `accept_url` to send them.
     */
    invite: (input: z.input<typeof createInvitationSchema>) =>
      transport.json<CreatedInvitation>({ method: 'POST', path: '/v1/invitations', body: input }),
    updateRole: (userId: string, role: MemberRole) =>
      transport.json<Member>({ method: 'PATCH', path: `/v1/members/${segment(userId)}`, body: { role } }),
    remove: (userId: string) =>
      transport.json<void>({ method: 'DELETE', path: `/v1/members/${segment(userId)}` }),
  };
}
