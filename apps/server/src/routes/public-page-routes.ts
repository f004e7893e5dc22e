import { readFileSync } from 'node:fs';
import { AppError } from '@renum/contracts';
import { withPlatform } from '@renum/db';
import { findPublicAgent } from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RouteContext } from './route-context.ts';

/** The widget as served: read once, at start (ADR 0046: plain JavaScript, no build step). */
const widgetSource = readFileSync(new URL('../widget/widget.js', import.meta.url), 'utf8');

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The public page: a near-empty document the widget fills, in page mode. */
function publicPage(options: { slug: string; title: string; lang: string }): string {
  return `<!doctype html>
<html lang="${options.lang}">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <meta name="color-scheme" content="light dark" />
    <meta name="robots" content="noindex" />
    <title>${escapeHtml(options.title)}</title>
    <link rel="icon" href="data:," />
  </head>
  <body style="margin:0">
    <main><noscript>JavaScript is required to chat with this agent.</noscript></main>
    <script src="/widget.js" data-agent="${escapeHtml(options.slug)}" data-mode="page" async></script>
  </body>
</html>
`;
}

/**
 * The public face of agents (issue 12): `GET /a/{slug}`, the page of an active public agent, anonymous
 * and light (the widget in page mode, not the builder's bundle), 404 for drafts, private and unknown
 * agents; and `GET /widget.js`, which any site may load (its API calls follow the agent's origin list).
 */
export async function publicPageRoutes(instance: FastifyInstance, context: RouteContext) {
  const { deps } = context;
  instance.get('/widget.js', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      // Helmet's default (same-origin) would stop other sites from loading it as a script.
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(widgetSource),
  );
  instance.get(
    '/a/:slug',
    { schema: { hide: true, params: z.object({ slug: z.string().max(100) }) } },
    async (request, reply) => {
      const { slug } = request.params as { slug: string };
      const lang = String(request.headers['accept-language'] ?? '')
        .toLowerCase()
        .startsWith('pt')
        ? 'pt-BR'
        : 'en';
      reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8');
      try {
        const agent = await withPlatform(deps.db, (tx) => findPublicAgent(tx, slug));
        return reply.send(publicPage({ slug, title: agent.name, lang }));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        // The platform switched public pages off (ADR 0042): a page that says so, never the agent's.
        if (error.code === 'FEATURE_DISABLED') {
          const title = lang === 'pt-BR' ? 'Páginas públicas desativadas' : 'Public pages are turned off';
          return reply.status(403).send(publicPage({ slug, title, lang }));
        }
        if (error.code !== 'AGENT_NOT_FOUND') throw error;
        const title = lang === 'pt-BR' ? 'Agente não encontrado' : 'Agent not found';
        return reply.status(404).send(publicPage({ slug, title, lang }));
      }
    },
  );
}
