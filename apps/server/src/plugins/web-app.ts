import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `npm run build:web` writes the web builder (apps/web/dist). */
export const defaultWebRoot = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** The built web app at `root` when it holds an index.html, else null. */
export function findWebRoot(root: string = defaultWebRoot): string | null {
  return existsSync(join(root, 'index.html')) ? root : null;
}

/** Paths that belong to the API and its docs: never answered with the web app. */
const serverPrefixes = ['/v1', '/docs', '/health', '/ready'];

/**
 * Serves the web builder (issue 5) from `root`: hashed assets with a year's immutable caching,
 * `index.html` (never cached, so a deploy shows at once) for `/` and for every other page path, so
 * the client-side router can handle deep links and reloads. Without a build, `/` points at the API docs.
 */
export async function registerWebApp(app: FastifyInstance, options: { root: string | null }): Promise<void> {
  const { root } = options;
  if (!root) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/docs', 302));
    return;
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    schemaHide: true,
    setHeaders: (reply, path) => {
      const immutable = path.includes(`${join(root, 'assets')}`);
      reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const sendIndex = (
    _request: unknown,
    reply: { header(name: string, value: string): unknown; sendFile(file: string): unknown },
  ) => {
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  };
  app.get('/', { schema: { hide: true } }, sendIndex);
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    // API paths and missing asset files stay 404s in the error shape, not an HTML page.
    if (
      serverPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)) ||
      path.startsWith('/assets/')
    ) {
      return reply.callNotFound();
    }
    return sendIndex(request, reply);
  });
}
