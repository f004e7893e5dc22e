import {
  acceptedInvitationSchema,
  acceptInvitationSchema,
  createdInvitationSchema,
  createInvitationSchema,
  idParamsSchema,
  invitationPreviewSchema,
  invitationSchema,
  myInvitationSchema,
} from '@renum/contracts';
import {
  acceptInvitation,
  acceptMyInvitation,
  createInvitation,
  listInvitations,
  listMyInvitations,
  previewInvitation,
  revokeInvitation,
} from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, personSecurity, security } from './route-schemas.ts';

/**
 * Members join by invitation: the client's owners and admins invite an email (`POST /v1/invitations`,
 * with `POST /v1/members` as its alias), list and revoke; the invited person accepts while signed in.
 */
export async function invitationRoutes(instance: FastifyInstance, { deps }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const tags = ['invitations'];
  for (const [url, summary] of [
    ['/v1/invitations', 'Invite an email to join the client (owner/admin; the token is shown once)'],
    ['/v1/members', 'Alias of POST /v1/invitations'],
  ] as const) {
    app.post(
      url,
      {
        schema: {
          tags: url === '/v1/members' ? ['members'] : tags,
          summary,
          security,
          body: createInvitationSchema,
          response: { 201: createdInvitationSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await createInvitation(deps, { principal: principalOf(request), input: request.body })),
    );
  }
  app.get(
    '/v1/invitations',
    {
      schema: {
        tags,
        summary: 'List pending invitations (owner/admin)',
        security,
        response: { 200: z.object({ data: z.array(invitationSchema) }), ...errorResponses },
      },
    },
    async (request) => listInvitations(deps, { principal: principalOf(request) }),
  );
  app.delete(
    '/v1/invitations/:id',
    {
      schema: {
        tags,
        summary: 'Revoke an invitation (owner/admin)',
        security,
        params: idParamsSchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await revokeInvitation(deps, { principal: principalOf(request), invitationId: request.params.id });
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/v1/invitations/accept',
    {
      schema: {
        tags,
        summary: "Accept an invitation's token as the signed-in person it is addressed to",
        security: personSecurity,
        body: acceptInvitationSchema,
        response: { 200: acceptedInvitationSchema, ...errorResponses },
      },
    },
    async (request) => acceptInvitation(deps, { principal: principalOf(request), token: request.body.token }),
  );
  app.get(
    '/v1/me/invitations',
    {
      schema: {
        tags,
        summary: "Pending invitations addressed to the signed-in person's email",
        security: personSecurity,
        response: { 200: z.object({ data: z.array(myInvitationSchema) }), ...errorResponses },
      },
    },
    async (request) => listMyInvitations(deps, { principal: principalOf(request) }),
  );
  app.post(
    '/v1/me/invitations/:id/accept',
    {
      schema: {
        tags,
        summary: 'Accept one of my invitations',
        security: personSecurity,
        params: idParamsSchema,
        response: { 200: acceptedInvitationSchema, ...errorResponses },
      },
    },
    async (request) =>
      acceptMyInvitation(deps, { principal: principalOf(request), invitationId: request.params.id }),
  );
}

/** Public: what a link's invitation is for, before anyone signs in (registered outside authentication). */
export async function invitationPreviewRoutes(instance: FastifyInstance, { deps }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/v1/invitations/preview',
    {
      schema: {
        tags: ['invitations'],
        summary:
          "The client, role and inviter of a link's pending invitation (no sign-in; the token in the body)",
        body: acceptInvitationSchema,
        response: { 200: invitationPreviewSchema, ...errorResponses },
      },
    },
    async (request) => previewInvitation(deps, { token: request.body.token, ip: request.ip }),
  );
}
