import type { FastifyInstance } from 'fastify';

/** One registered route: its method and URL pattern as Fastify holds it (`/v1/admin/clients/:id`). */
export interface RouteTableEntry {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered on this app, in registration order (HEAD routes Fastify adds included). */
    routeTable: readonly RouteTableEntry[];
  }
}

/**
 * Records every route as it is registered (an `onRoute` hook, added before any route), so tests and
 * tools can walk the real route table: e.g. every `/v1/admin` route is refused to a client's people
 * without anyone keeping a list of them.
 */
export function registerRouteTable(app: FastifyInstance): void {
  const table: RouteTableEntry[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) table.push({ method: String(method), url: route.url });
  });
}
