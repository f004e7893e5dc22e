import {
  AppError,
  errorBodySchema,
  toolProxyBodySchema,
  toolProxyParamsSchema,
  toolProxyResultSchema,
} from '@renum/contracts';
import { callProxyTool, type RunDeps } from '@renum/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteContext } from './route-context.ts';
import { errorResponses } from './route-schemas.ts';

/** What the tool-proxy route needs: the process's tool proxy and catalog, as runs use them. */
export interface ToolProxyRouteContext extends RouteContext {
  run: Pick<RunDeps, 'tools'>;
}

function bearerOf(request: FastifyRequest): string {
  const [scheme, value] = (request.headers.authorization ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !value) {
    throw new AppError('AUTH_ERROR', 'A run token is required: Authorization: Bearer <run token>');
  }
  return value.trim();
}

/** Aborts when the caller goes away before its answer is sent, so the upstream call stops too. */
function abortOnClose(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}

/**
 * `POST /v1/tool-proxy/{tool}`: external executors (Suna) call the agent's outbound tools here with a
 * run-scoped token instead of holding the client's keys. Registered outside the user authentication
 * hook: only run tokens are accepted, and run tokens are accepted nowhere else.
 */
export async function toolProxyRoutes(instance: FastifyInstance, context: ToolProxyRouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/v1/tool-proxy/:tool',
    {
      schema: {
        tags: ['tool-proxy'],
        summary: 'Call an enabled tool of a run (external executors, run-scoped token)',
        description:
          'Bearer: a run-scoped token from issueRunToolToken (user tokens and API keys are refused). The body is the tool’s arguments. A tool’s own failure is a 200 answer with `is_error: true`; ' +
          'refusals (token, run, tool, arguments) are errors.',
        security: [{ bearer: [] }], // the bearer here is a run token, see the description
        params: toolProxyParamsSchema,
        body: toolProxyBodySchema.optional(),
        response: {
          200: toolProxyResultSchema,
          402: errorBodySchema,
          ...errorResponses,
          503: errorBodySchema,
        },
      },
    },
    async (request, reply) =>
      callProxyTool(context.deps, {
        token: bearerOf(request),
        toolName: request.params.tool,
        input: request.body ?? {},
        tools: context.run.tools,
        signal: abortOnClose(reply),
      }),
  );
}
