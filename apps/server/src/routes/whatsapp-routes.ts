import {
  approverWhatsAppSchema,
  connectWhatsAppSchema,
  errorBodySchema,
  updateWhatsAppSchema,
  whatsAppConnectionSchema,
} from '@renum/contracts';
import {
  connectWhatsApp,
  disconnectWhatsApp,
  getApproverNumber,
  listWhatsApp,
  type RunDeps,
  receiveWhatsAppWebhook,
  setApproverNumber,
  updateWhatsApp,
  verifyWhatsAppHandshake,
  whatsAppWebhookPath,
} from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, security } from './route-schemas.ts';

const tags = ['whatsapp'];

/**
 * Meta's webhook for connected WhatsApp numbers (issue 12), unauthenticated: the GET handshake answers
 * `hub.challenge` for a known verify token; the POST is read as raw bytes so its `X-Hub-Signature-256`
 * is checked over exactly what Meta signed, before anything is stored (ADR 0045).
 */
export async function whatsAppWebhookRoutes(
  instance: FastifyInstance,
  context: RouteContext & { run: RunDeps },
) {
  const { deps, run } = context;
  // This plugin's own scope: JSON bodies stay raw bytes here and are parsed only after the signature.
  instance.removeContentTypeParser('application/json');
  instance.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.get(
    whatsAppWebhookPath,
    {
      schema: {
        tags,
        summary:
          "Meta's verification handshake: answers hub.challenge when hub.verify_token is a connection's",
        querystring: z.object({
          'hub.mode': z.string().max(50).optional(),
          'hub.verify_token': z.string().max(200).optional(),
          'hub.challenge': z.string().max(200).optional(),
        }),
        response: { 200: z.string(), 400: errorBodySchema, 403: errorBodySchema },
      },
    },
    async (request, reply) => {
      const challenge = await verifyWhatsAppHandshake(deps, {
        mode: request.query['hub.mode'],
        token: request.query['hub.verify_token'],
        challenge: request.query['hub.challenge'],
      });
      return reply.type('text/plain; charset=utf-8').send(challenge);
    },
  );
  app.post(
    whatsAppWebhookPath,
    {
      schema: {
        tags,
        summary:
          'Webhook deliveries from Meta (messages, button replies, statuses), signed with the app secret',
        headers: z.object({ 'x-hub-signature-256': z.string().max(200).optional() }).passthrough(),
        response: {
          200: z.object({ stored: z.number().int(), statuses: z.number().int(), ignored: z.number().int() }),
          400: errorBodySchema,
          401: errorBodySchema,
          404: errorBodySchema,
        },
      },
    },
    async (request) => {
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      return receiveWhatsAppWebhook(deps, {
        jobs: run.jobs,
        rawBody,
        signature: request.headers['x-hub-signature-256'] as string | undefined,
      });
    },
  );
}

/** The client's connected WhatsApp numbers and the caller's approver number (authenticated). */
export async function whatsAppRoutes(instance: FastifyInstance, { deps }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ id: z.string().max(100) });
  app.post(
    '/v1/channels/whatsapp',
    {
      schema: {
        tags,
        summary: 'Connect a WhatsApp Business number to an agent (owner/admin)',
        security,
        body: connectWhatsAppSchema,
        response: { 201: whatsAppConnectionSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await connectWhatsApp(deps, { principal: principalOf(request), input: request.body })),
  );
  app.get(
    '/v1/channels/whatsapp',
    {
      schema: {
        tags,
        summary: 'The connected WhatsApp numbers (no secrets)',
        security,
        response: { 200: z.object({ data: z.array(whatsAppConnectionSchema) }), ...errorResponses },
      },
    },
    async (request) => listWhatsApp(deps, { principal: principalOf(request) }),
  );
  app.patch(
    '/v1/channels/whatsapp/:id',
    {
      schema: {
        tags,
        summary:
          'Change a connected number: agent, credential, app secret, verify token, template (owner/admin)',
        security,
        params,
        body: updateWhatsAppSchema,
        response: { 200: whatsAppConnectionSchema, ...errorResponses },
      },
    },
    async (request) =>
      updateWhatsApp(deps, {
        principal: principalOf(request),
        connectionId: request.params.id,
        input: request.body,
      }),
  );
  app.delete(
    '/v1/channels/whatsapp/:id',
    {
      schema: {
        tags,
        summary: 'Disconnect a number (owner/admin)',
        security,
        params,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await disconnectWhatsApp(deps, { principal: principalOf(request), connectionId: request.params.id });
      return reply.status(204).send(null);
    },
  );
  const numberSchema = z.object({ whatsapp_number: z.string().nullable() });
  app.get(
    '/v1/me/whatsapp',
    {
      schema: {
        tags,
        summary: "The caller's WhatsApp number for approval requests",
        security,
        response: { 200: numberSchema, ...errorResponses },
      },
    },
    async (request) => getApproverNumber(deps, { principal: principalOf(request) }),
  );
  app.put(
    '/v1/me/whatsapp',
    {
      schema: {
        tags,
        summary: 'Register (or remove with null) the number approval requests are sent to',
        security,
        body: approverWhatsAppSchema,
        response: { 200: numberSchema, ...errorResponses },
      },
    },
    async (request) => setApproverNumber(deps, { principal: principalOf(request), input: request.body }),
  );
}
