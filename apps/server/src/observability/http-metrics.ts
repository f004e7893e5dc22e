import type { FastifyInstance } from 'fastify';
import type { RenumMetrics } from './metrics.ts';
import { routeLabel } from './route-label.ts';

const knownMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Counts and times every answer by its route (`routeLabel`: the template, never the path with its ids;
 * the web app's assets as one), so the label set stays bounded whatever the URLs.
 */
export function registerHttpMetrics(app: FastifyInstance, metrics: RenumMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: knownMethods.has(request.method) ? request.method : 'OTHER',
      route: routeLabel(request),
      status: String(reply.statusCode),
    };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });
}
