import { AppError } from '@renum/contracts';
import { authenticate, type PlatformDeps, type Principal } from '@renum/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by {@link requireAuthentication} on every authenticated route. */
    principal: Principal | null;
  }
}

function credentialOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header) {
    const [scheme, value] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !value)
      throw new AppError('AUTH_ERROR', 'Authorization must be "Bearer <token>"');
    return value.trim();
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey ? apiKey.trim() : null;
}

/**
 * Adds an onRequest hook that authenticates every route registered in `app`'s scope with an
 * access token or API key (`Authorization: Bearer …` or `X-API-Key`).
 */
export function requireAuthentication(app: FastifyInstance, options: { deps: PlatformDeps }): void {
  app.addHook('onRequest', async (request, reply) => {
    const credential = credentialOf(request);
    if (!credential) throw new AppError('AUTH_ERROR', 'Authentication required');
    // Only reads may use a platform admin's view-as token (ADR 0040); anything else is refused inside.
    const reads = request.method === 'GET' || request.method === 'HEAD';
    const principal = await authenticate(options.deps, { credential, access: reads ? 'read' : 'write' });
    principal.requestId = request.id;
    principal.ip = request.ip;
    request.principal = principal;
    // Every later line of this request's log names who made it.
    request.log = request.log.child({ client_id: principal.clientId, user_id: principal.userId });
    reply.log = request.log;
  });
}

/** The authenticated principal of a request (only on routes behind {@link requireAuthentication}). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('AUTH_ERROR', 'Authentication required');
  return request.principal;
}
