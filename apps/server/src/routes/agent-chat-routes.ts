import { apiChatAnswerSchema, apiChatBodySchema, errorBodySchema, type Message } from '@renum/contracts';
import { awaitApiChatAnswer, type RunDeps, type RunManager, startApiChat } from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import { streamStartedRun } from '../plugins/stream-started-run.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, idempotencyKeyHeaders, security } from './route-schemas.ts';

/**
 * The API channel (issue 12): a client's own server talks to one of its agents on behalf of its end
 * users, with an API key (or a member's token). Streams like the chat (SSE) or answers once the run ends.
 */
export async function agentChatRoutes(
  instance: FastifyInstance,
  context: RouteContext & { run: RunDeps; manager: RunManager },
) {
  const { deps, run, manager } = context;
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/v1/agents/:id/chat',
    {
      schema: {
        tags: ['agents'],
        summary:
          'Talk to an agent for one of your users (API channel): JSON answer once the run ends, or SSE with stream',
        security,
        params: z.object({ id: z.string() }),
        headers: idempotencyKeyHeaders('A request retried with the same key answers the first run'),
        body: apiChatBodySchema,
        response: {
          200: apiChatAnswerSchema,
          202: apiChatAnswerSchema,
          402: errorBodySchema,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const started = await startApiChat(deps, {
        principal,
        run,
        manager,
        agentId: request.params.id,
        input: request.body,
        idempotencyKey: request.headers['idempotency-key'],
      });
      if (!started.replayed) {
        request.server.wsHub.publish(started.clientId, {
          type: 'message',
          message: started.message as Message,
        });
      }
      if (!started.run) {
        return reply.status(202).send({
          run_id: null,
          conversation_id: started.conversation.id,
          contact_id: started.contactId,
          status: 'held',
          answer: null,
          message_id: null,
          usage: { tokens_input: 0, tokens_output: 0, cost_usd: 0 },
          error: null,
        });
      }
      const stream =
        request.body.stream || String(request.headers.accept ?? '').includes('text/event-stream');
      if (stream) {
        return streamStartedRun(request, reply, {
          deps,
          run,
          clientId: started.clientId,
          started: { ...started, run: started.run },
        });
      }
      const closed = new AbortController();
      request.raw.once('close', () => closed.abort());
      return awaitApiChatAnswer(deps, {
        run,
        clientId: started.clientId,
        contactId: started.contactId,
        started: { ...started, run: started.run },
        signal: closed.signal,
      });
    },
  );
}
