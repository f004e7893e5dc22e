import type { FastifyInstance } from 'fastify';
import type { RenumMetrics } from './metrics.ts';

const knownMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Counts and times every answer by its route template (`/v1/agents/:id`, never the path with its ids),
 * so the label set stays bounded whatever the URLs; a request no route matched counts as `unmatched`.
 */
export function registerHttpMetrics(app: FastifyInstance, metrics: RenumMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: knownMethods.has(request.method) ? request.method : 'OTHER',
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });
}
