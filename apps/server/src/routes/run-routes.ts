import {
  errorBodySchema,
  isTerminalRunEvent,
  listRunsQuerySchema,
  type Message,
  pageSchema,
  runDetailSchema,
  runSchema,
  runSummarySchema,
  sendMessageSchema,
  sentMessageSchema,
} from '@renum/contracts';
import {
  followRunEvents,
  getRun,
  listRuns,
  type RunDeps,
  type RunManager,
  sendMessage,
  stopRun,
} from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import { openSse, resumeSeq } from '../plugins/sse.ts';
import { streamStartedRun } from '../plugins/stream-started-run.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, idempotencyKeyHeaders, security } from './route-schemas.ts';

/** Routes that start, watch and stop runs. */
export async function runRoutes(
  instance: FastifyInstance,
  context: RouteContext & { run: RunDeps; manager: RunManager },
) {
  const { deps, run, manager } = context;
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const tags = ['runs'];

  app.post(
    '/v1/conversations/:id/messages',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Send a message; with Accept: text/event-stream the answer streams as run events',
        security,
        params: z.object({ id: z.string() }),
        headers: idempotencyKeyHeaders('A send retried with the same key answers the first run'),
        body: sendMessageSchema,
        response: { 202: sentMessageSchema, 402: errorBodySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const started = await sendMessage(deps, {
        principal,
        run,
        manager,
        conversationId: request.params.id,
        content: request.body.content,
        idempotencyKey: request.headers['idempotency-key'],
      });
      // Shown live to the client's people, followed or not (held or about to be answered).
      if (!started.replayed) {
        request.server.wsHub.publish(principal.clientId!, {
          type: 'message',
          message: started.message as Message,
        });
      }
      if (!started.run) {
        return reply
          .status(202)
          .send({ run_id: null, run: null, message: started.message as Message, held: true });
      }
      if (!String(request.headers.accept ?? '').includes('text/event-stream')) {
        return reply.status(202).send({ run_id: started.run.id, run: started.run, message: started.message });
      }
      return streamStartedRun(request, reply, {
        deps,
        run,
        clientId: principal.clientId!,
        started: { ...started, run: started.run },
      });
    },
  );

  app.get(
    '/v1/runs',
    {
      schema: {
        tags,
        summary:
          'List runs, newest first (filters: agent_id, conversation_id, status), each with its agent’s and sub-agent’s names and a preview of the message it answered',
        security,
        querystring: listRunsQuerySchema,
        response: { 200: pageSchema(runSummarySchema), ...errorResponses },
      },
    },
    async (request) => listRuns(deps, { principal: principalOf(request), query: request.query }),
  );

  app.get(
    '/v1/runs/:id',
    {
      schema: {
        tags,
        summary:
          'Get a run, with its agent’s and sub-agent’s names, the start of the message it answered and its trace',
        security,
        params: z.object({ id: z.string() }),
        response: { 200: runDetailSchema, ...errorResponses },
      },
    },
    async (request) => getRun(deps, { principal: principalOf(request), runId: request.params.id }),
  );

  app.post(
    '/v1/runs/:id/stop',
    {
      schema: {
        tags,
        summary: 'Stop a run',
        security,
        params: z.object({ id: z.string() }),
        response: { 200: runSchema, ...errorResponses },
      },
    },
    async (request) =>
      stopRun(deps, {
        principal: principalOf(request),
        manager,
        bus: run.bus,
        onPublishError: run.onPublishError,
        runId: request.params.id,
      }),
  );

  app.get(
    '/v1/runs/:id/events',
    {
      schema: {
        tags,
        summary: 'Stream a run’s events (SSE): replays after Last-Event-ID or after_seq, then follows live',
        security,
        params: z.object({ id: z.string() }),
        querystring: z.object({ after_seq: z.coerce.number().int().min(0).optional() }),
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const found = await getRun(deps, { principal, runId: request.params.id });
      const afterSeq = resumeSeq(request, request.query.after_seq);
      const stream = openSse(request, reply, {
        runId: found.id,
        conversationId: found.conversation_id,
        afterSeq,
      });
      await followRunEvents({
        db: deps.db,
        bus: run.bus,
        clientId: principal.clientId!,
        streamId: found.conversation_id ?? found.id,
        afterSeq,
        runId: found.id,
        isDone: isTerminalRunEvent,
        onEvent: stream.send,
        signal: stream.signal,
        stopAfterReplay: !['queued', 'running'].includes(found.status),
      });
      stream.end();
      return reply;
    },
  );
}
