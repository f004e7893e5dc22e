import type { FastifyRequest } from 'fastify';

/**
 * The route a request is counted and traced under: its route template (`/v1/agents/:id`, never the path
 * with its ids), the web app's hashed assets as one `/assets/*` (each file is a route of its own, and every
 * deploy names them anew), and `unmatched` when no route matched.
 */
export function routeLabel(request: FastifyRequest): string {
  const route = request.routeOptions.url;
  if (route === undefined) return 'unmatched';
  return route.startsWith('/assets/') ? '/assets/*' : route;
}
