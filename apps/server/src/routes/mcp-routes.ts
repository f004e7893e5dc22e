import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { AppError, errorBodySchema } from '@renum/contracts';
import {
  authenticate,
  type McpScope,
  type PlatformDeps,
  type RunDeps,
  resolveAgentMcpScope,
  resolveRunMcpScope,
} from '@renum/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createMcpServer } from '../mcp/create-mcp-server.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses } from './route-schemas.ts';

/** What the MCP routes need: the process's tool proxy and catalog, as runs use them. */
export interface McpRouteContext extends RouteContext {
  run: Pick<RunDeps, 'tools'>;
}

function credentialOf(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (header) {
    const [scheme, value] = header.split(' ');
    if (scheme?.toLowerCase() === 'bearer' && value) return value.trim();
  }
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey) return apiKey.trim();
  throw new AppError('AUTH_ERROR', 'Authentication required: Authorization: Bearer <token>');
}

/** Builds the Fetch request the SDK's web-standard transport reads (the body is handed over parsed). */
function fetchRequestOf(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(', '));
  }
  return new Request(`http://localhost${request.url}`, { method: 'POST', headers });
}

/**
 * Serves one stateless MCP exchange (streamable HTTP with JSON answers) for `scope`. The SDK's own refusals
 * of a request (not accepting JSON and SSE, not JSON-RPC) are answered in the platform's error shape,
 * `400 VALIDATION_ERROR` with the SDK's message; JSON-RPC answers (results and tool errors) pass through.
 */
async function serveMcp(
  context: McpRouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: McpScope,
): Promise<unknown> {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  const server = createMcpServer({
    deps: context.deps,
    scope,
    tools: context.run.tools,
    signal: controller.signal,
  });
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  try {
    await server.connect(transport);
    const answer = await transport.handleRequest(fetchRequestOf(request), { parsedBody: request.body });
    const text = await answer.text();
    if (answer.status >= 400) {
      const message = (JSON.parse(text || '{}') as { error?: { message?: string } }).error?.message;
      throw new AppError('VALIDATION_ERROR', message ?? `The MCP request was refused (${answer.status})`);
    }
    reply.status(answer.status);
    if (text.length === 0) return reply.send();
    return reply
      .type(answer.headers.get('content-type') ?? 'application/json')
      .serializer((body) => String(body))
      .send(text);
  } finally {
    await transport.close();
    await server.close();
  }
}

const notAllowed = (reply: FastifyReply) =>
  reply.status(405).header('allow', 'POST').send({
    error: 'This MCP endpoint answers POST only (stateless, no server stream)',
    code: 'VALIDATION_ERROR',
  });

const describe = {
  tags: ['mcp'],
  body: z.unknown().optional(),
  response: { 200: z.unknown(), ...errorResponses, 402: errorBodySchema, 503: errorBodySchema },
} as const;

/**
 * The platform's MCP server (streamable HTTP, stateless): an agent's outbound tools for an MCP client.
 * `POST /v1/mcp` takes a run token (what the `suna` executor hands Suna's agent: one client, agent and
 * active run); `POST /v1/agents/{id}/mcp` takes an API key (or access token) of the agent's client, for
 * any MCP client (Claude Desktop, Cursor, another framework). Registered outside the user authentication
 * hook: each route checks its own credential, and a run token is accepted nowhere else.
 */
export async function mcpRoutes(instance: FastifyInstance, context: McpRouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const deps: PlatformDeps = context.deps;
  app.post(
    '/v1/mcp',
    {
      schema: {
        ...describe,
        summary: 'MCP endpoint of a run (run-scoped token; the suna executor gives it to Suna)',
        description:
          'Bearer: a run-scoped token. JSON-RPC 2.0 over MCP streamable HTTP: tools/list, tools/call.',
        security: [{ bearer: [] }],
      },
    },
    async (request, reply) => {
      const scope = await resolveRunMcpScope(deps, { token: credentialOf(request) });
      return serveMcp(context, request, reply, scope);
    },
  );
  app.post(
    '/v1/agents/:id/mcp',
    {
      schema: {
        ...describe,
        params: z.object({ id: z.string().max(100) }),
        summary: "MCP endpoint of an agent's tools (API key or access token of its client)",
        description:
          'JSON-RPC 2.0 over MCP streamable HTTP: tools/list, tools/call; calls are metered to the client.',
        security: [{ bearer: [] }, { apiKey: [] }],
      },
    },
    async (request, reply) => {
      const principal = await authenticate(deps, { credential: credentialOf(request) });
      const scope = await resolveAgentMcpScope(deps, { principal, agentId: request.params.id });
      return serveMcp(context, request, reply, scope);
    },
  );
  for (const url of ['/v1/mcp', '/v1/agents/:id/mcp']) {
    app.get(url, { schema: { hide: true } }, async (_request, reply) => notAllowed(reply));
    app.delete(url, { schema: { hide: true } }, async (_request, reply) => notAllowed(reply));
  }
}
