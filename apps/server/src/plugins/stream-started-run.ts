import { isTerminalRunEvent } from '@renum/contracts';
import { followRunEvents, type PlatformDeps, type RunDeps } from '@renum/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { openSse } from './sse.ts';

/**
 * Streams, as SSE, the events of a run a send has just started: from the conversation's sequence number
 * before it, live unless the send was a replay (`Idempotency-Key`), until the run's terminal event.
 */
export async function streamStartedRun(
  request: FastifyRequest,
  reply: FastifyReply,
  options: {
    deps: PlatformDeps;
    run: RunDeps;
    clientId: string;
    started: { run: { id: string }; conversation: { id: string }; after_seq: number; replayed: boolean };
  },
): Promise<FastifyReply> {
  const { started } = options;
  const stream = openSse(request, reply, {
    runId: started.run.id,
    conversationId: started.conversation.id,
    afterSeq: started.after_seq,
  });
  await followRunEvents({
    db: options.deps.db,
    bus: options.run.bus,
    clientId: options.clientId,
    streamId: started.conversation.id,
    afterSeq: started.after_seq,
    runId: started.run.id,
    live: !started.replayed,
    isDone: isTerminalRunEvent,
    onEvent: stream.send,
    signal: stream.signal,
  });
  stream.end();
  return reply;
}
