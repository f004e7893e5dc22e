import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import {
  defaultPublicChatLimits,
  errorBodySchema,
  isUuid,
  type PublicChatLimits,
  publicAgentSchema,
  publicHistorySchema,
  publicMessageBodySchema,
  sentMessageSchema,
} from '@renum/contracts';
import {
  listVisitorMessages,
  type RunDeps,
  type RunManager,
  sendPublicMessage,
  visitPublicAgent,
} from '@renum/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { answerPreflight, registerPublicOriginPolicy } from '../plugins/public-origin-policy.ts';
import { streamStartedRun } from '../plugins/stream-started-run.ts';
import type { RouteContext } from './route-context.ts';
import { idempotencyKeyHeaders } from './route-schemas.ts';

/** The signed cookie that makes a browser one anonymous visitor (contact) of the agents it talks to. */
const visitorCookie = 'renum_visitor';
const oneYearSeconds = 365 * 24 * 3600;
const slugParams = z.object({ slug: z.string().max(100) });
const publicErrors = {
  404: errorBodySchema,
  429: errorBodySchema,
  400: errorBodySchema,
  403: errorBodySchema,
};
/** The app-wide CORS plugin stays out: these routes follow the agent's own origin list (ADR 0046). */
const config = { cors: false } as const;

/**
 * The visitor id from the signed cookie, or a new one set on the answer. Signed (HMAC with a key derived
 * from the server's signing secret), so a visitor cannot pick another's id and read their conversation.
 */
function visitorOf(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const raw = request.cookies[visitorCookie];
  if (raw) {
    const unsigned = request.unsignCookie(raw);
    if (unsigned.valid && unsigned.value && isUuid(unsigned.value)) return unsigned.value;
  }
  const visitorId = randomUUID();
  // Set as a plain header (not `setCookie`, which writes in onSend): a streamed answer hijacks the reply
  // and skips onSend, but keeps the headers set so far.
  const server = request.server;
  reply.header(
    'set-cookie',
    server.serializeCookie(visitorCookie, server.signCookie(visitorId), {
      httpOnly: true,
      // A widget on the client's own site is a cross-site request: the cookie must travel with it, which
      // browsers allow only for `SameSite=None; Secure` (the origin policy stands in for Lax's CSRF check).
      sameSite: secure ? 'none' : 'lax',
      secure,
      path: '/v1/public',
      maxAge: oneYearSeconds,
    }),
  );
  return visitorId;
}

/**
 * Anonymous chat with active public agents (issue 12): their page (`/a/{slug}` in the web app) and
 * widget. No login: each browser is a visitor (signed cookie) and a contact of the agent's client; limits
 * per visitor, per IP and per agent and day keep a public agent from running up its client's bill.
 */
export async function publicChatRoutes(
  instance: FastifyInstance,
  context: RouteContext & { run: RunDeps; manager: RunManager; limits?: PublicChatLimits | undefined },
) {
  const { deps, run, manager } = context;
  const limits = context.limits ?? defaultPublicChatLimits;
  const secure = deps.publicUrl.startsWith('https:');
  await instance.register(cookie, {
    secret: Buffer.from(
      await crypto.subtle.digest('SHA-256', Buffer.concat([Buffer.from('visitor:'), deps.auth.jwtSecret])),
    ),
  });
  registerPublicOriginPolicy(instance, deps);
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const tags = ['public'];
  for (const url of ['/v1/public/agents/:slug', '/v1/public/agents/:slug/messages']) {
    app.options(url, { config, schema: { hide: true, params: slugParams } }, answerPreflight);
  }
  app.get(
    '/v1/public/agents/:slug',
    {
      config,
      schema: {
        tags,
        summary: 'A public agent as its page shows it (counts a visit); 404 unless active and public',
        params: slugParams,
        response: { 200: publicAgentSchema, ...publicErrors },
      },
    },
    async (request, reply) => {
      visitorOf(request, reply, secure);
      return visitPublicAgent(deps, { slug: request.params.slug });
    },
  );
  app.get(
    '/v1/public/agents/:slug/messages',
    {
      config,
      schema: {
        tags,
        summary: "The visitor's conversation with a public agent so far",
        params: slugParams,
        response: { 200: publicHistorySchema, ...publicErrors },
      },
    },
    async (request, reply) =>
      listVisitorMessages(deps, { slug: request.params.slug, visitorId: visitorOf(request, reply, secure) }),
  );
  app.post(
    '/v1/public/agents/:slug/messages',
    {
      config,
      schema: {
        tags,
        summary: 'A visitor writes to a public agent; with Accept: text/event-stream the answer streams',
        params: slugParams,
        headers: idempotencyKeyHeaders('A send retried with the same key answers the first run'),
        body: publicMessageBodySchema,
        response: { 202: sentMessageSchema, ...publicErrors },
      },
    },
    async (request, reply) => {
      const started = await sendPublicMessage(deps, {
        run,
        manager,
        limits,
        slug: request.params.slug,
        visitorId: visitorOf(request, reply, secure),
        ip: request.ip,
        content: request.body.content,
        idempotencyKey: request.headers['idempotency-key'],
      });
      if (!started.run || !String(request.headers.accept ?? '').includes('text/event-stream')) {
        return reply.status(202).send({
          run_id: started.run?.id ?? null,
          run: started.run,
          message: started.message,
          ...(started.run ? {} : { held: true }),
        } as z.infer<typeof sentMessageSchema>);
      }
      return streamStartedRun(request, reply, {
        deps,
        run,
        clientId: started.clientId,
        started: { ...started, run: started.run },
      });
    },
  );
}
