import { AppError } from '@renum/contracts';
import { type PlatformDeps, publicAgentOrigins } from '@renum/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Headers a widget on another site may send and read on the public chat routes. */
const allowHeaders = 'content-type, accept, idempotency-key';
const exposeHeaders = 'x-request-id, retry-after';

/** Whether `origin` is the origin the request was sent to (the public page `/a/{slug}` itself). */
function isSameOrigin(request: FastifyRequest, origin: string): boolean {
  return origin.toLowerCase() === `${request.protocol}://${request.host}`.toLowerCase();
}

function allowOrigin(reply: FastifyReply, origin: string): void {
  reply.header('access-control-allow-origin', origin);
  reply.header('access-control-allow-credentials', 'true');
  reply.header('access-control-expose-headers', exposeHeaders);
  reply.header('vary', 'Origin');
}

/**
 * The origin policy of the public chat routes (issue 12, ADR 0046). A browser request from another
 * origin (the widget on a client's site) is answered only when that origin is in the agent's
 * `allowed_origins`, with CORS headers for it alone and credentials (the visitor cookie); any other
 * origin gets `403 ORIGIN_NOT_ALLOWED` before anything is read or written. The refusal itself carries
 * CORS headers, so the widget can say why instead of failing as a network error. Requests without an
 * `Origin` (server to server, same-origin reads) and from the server's own origin (the public page)
 * pass. An unknown, draft or private agent passes here and answers 404 in its route.
 */
export function registerPublicOriginPolicy(instance: FastifyInstance, deps: PlatformDeps): void {
  instance.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin || isSameOrigin(request, origin)) return;
    const slug = (request.params as { slug?: string } | undefined)?.slug;
    if (!slug) return;
    const allowed = await publicAgentOrigins(deps, slug);
    if (allowed === null) return;
    allowOrigin(reply, origin);
    if (!allowed.includes(origin.toLowerCase())) {
      throw new AppError('ORIGIN_NOT_ALLOWED', 'This site is not allowed to embed this agent', {
        context: { origin },
      });
    }
  });
}

/** Answers a CORS preflight the policy above let through (the hook refused any other origin). */
export function answerPreflight(_request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply
    .status(204)
    .header('access-control-allow-methods', 'GET, POST')
    .header('access-control-allow-headers', allowHeaders)
    .header('access-control-max-age', '600')
    .header('content-length', '0')
    .send();
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Per-route options of @fastify/cors (it reads them, without typing them): false keeps it out. */
    cors?: false;
  }
}
