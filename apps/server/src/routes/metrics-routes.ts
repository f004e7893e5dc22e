import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '@renum/contracts';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** What `GET /metrics` needs: the registry and the token scrapers send. */
export interface MetricsRouteOptions {
  registry: Registry;
  /** Bearer token (`RENUM_METRICS_TOKEN`); the route exists only when it is set. */
  token: string;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `GET /metrics`: the Prometheus text format, for `Authorization: Bearer <RENUM_METRICS_TOKEN>` only
 * (401 `AUTH_ERROR` otherwise). Outside `/v1`: a scraper is not a client or a person.
 */
export async function metricsRoutes(app: FastifyInstance, options: MetricsRouteOptions) {
  const expected = digest(options.token);
  app.get(
    '/metrics',
    { schema: { tags: ['health'], summary: 'Prometheus metrics (Bearer RENUM_METRICS_TOKEN)' } },
    async (request, reply) => {
      const header = request.headers.authorization ?? '';
      const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
      // Hashes first: equal lengths for the constant-time comparison, whatever was sent.
      if (!timingSafeEqual(digest(given), expected))
        throw new AppError('AUTH_ERROR', 'A valid metrics token is required');
      const body = await options.registry.metrics();
      return reply.type(options.registry.contentType).send(body);
    },
  );
}
