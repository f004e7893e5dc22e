import { z } from 'zod';
import { timestampSchema, uuidSchema } from './common.ts';
import { emailSchema, memberRoleSchema } from './identity.ts';

/**
 * Role a client's invitation grants; an owner is made by an owner once the person has joined, or invited
 * by a platform admin for a client they created (`POST /v1/admin/clients/{id}/owner-invitation`).
 */
export const invitationRoleSchema = memberRoleSchema.exclude(['owner']);

/** Where an invitation stands; lists answer only `pending` ones. */
export const invitationStatusSchema = z.enum(['pending', 'accepted', 'revoked', 'expired']);

/**
 * Body of `POST /v1/invitations` (and its alias `POST /v1/members`): invites an email to the caller's
 * client. Nothing about an account with that email is looked up or answered.
 */
export const createInvitationSchema = z
  .object({ email: emailSchema, role: invitationRoleSchema.default('member') })
  .strict();
export type CreateInvitation = z.infer<typeof createInvitationSchema>;

/** An invitation as the inviting client sees it: never its token, never anything about an account. */
export const invitationSchema = z
  .object({
    id: uuidSchema,
    email: z.string(),
    role: memberRoleSchema,
    status: invitationStatusSchema,
    expires_at: timestampSchema,
    created_at: timestampSchema,
  })
  .meta({ id: 'Invitation' });
export type Invitation = z.infer<typeof invitationSchema>;

/**
 * Answer of `POST /v1/invitations`: the same keys whether or not the email has an account. The token
 * (`inv_…`) appears here once and never again; `accept_url` is the web page that accepts it.
 */
export const createdInvitationSchema = z.object({
  invitation: invitationSchema,
  token: z.string(),
  accept_url: z.string(),
});
export type CreatedInvitation = z.infer<typeof createdInvitationSchema>;

/** Body of `POST /v1/invitations/accept`. */
export const acceptInvitationSchema = z.object({ token: z.string().min(16).max(200) }).strict();

/**
 * Answer of `POST /v1/invitations/preview`: what a link's invitation is for, shown before anyone signs in
 * (the token is the secret; the email it is addressed to is not told).
 */
export const invitationPreviewSchema = z
  .object({
    client_name: z.string(),
    role: memberRoleSchema,
    inviter_name: z.string().nullable(),
    expires_at: timestampSchema,
  })
  .meta({ id: 'InvitationPreview' });
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;

/** Answer of an accepted invitation: the membership it created. */
export const acceptedInvitationSchema = z
  .object({
    invitation_id: uuidSchema,
    client_id: uuidSchema,
    client_name: z.string(),
    role: memberRoleSchema,
    joined_at: timestampSchema,
  })
  .meta({ id: 'AcceptedInvitation' });
export type AcceptedInvitation = z.infer<typeof acceptedInvitationSchema>;

/** A pending invitation addressed to the signed-in person's email (`GET /v1/me/invitations`). */
export const myInvitationSchema = z
  .object({
    id: uuidSchema,
    client_id: uuidSchema,
    client_name: z.string(),
    role: memberRoleSchema,
    inviter_name: z.string().nullable(),
    created_at: timestampSchema,
    expires_at: timestampSchema,
  })
  .meta({ id: 'MyInvitation' });
export type MyInvitation = z.infer<typeof myInvitationSchema>;
