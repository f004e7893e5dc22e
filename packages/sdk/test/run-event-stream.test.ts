import type { RunEvent } from '@renum/contracts';
import { describe, expect, it } from 'vitest';
import { createRenumClient } from '../src/index.ts';
import { startLocalServer } from './local-server.ts';

const runId = '0190a000-0000-7000-8000-0000000000aa';
const conversationId = '0190a000-0000-7000-8000-0000000000bb';

function event(seq: number, body: Record<string, unknown>): RunEvent {
  return {
    run_id: runId,
    conversation_id: conversationId,
    seq,
    created_at: '2026-01-01T00:00:00.000Z',
    ...body,
  } as RunEvent;
}

const events: RunEvent[] = [
  event(5, { type: 'status', status: 'running', content: 'started' }),
  event(6, { type: 'content', content: 'Hel' }),
  event(7, { type: 'content', content: 'lo' }),
  event(8, { type: 'content', content: ' there' }),
  event(9, {
    type: 'complete',
    content: 'Hello there',
    message_id: null,
    usage: { input_tokens: 1, output_tokens: 2, total_tokens: 3, cost_usd: 0 },
  }),
];

const frame = (item: RunEvent) => `id: ${item.seq}\nevent: ${item.type}\ndata: ${JSON.stringify(item)}\n\n`;

describe('run event stream', () => {
  it('resumes after a dropped connection with Last-Event-ID, losing and repeating nothing', async () => {
    const resumes: Array<string | undefined> = [];
    await using server = await startLocalServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('retry: 10\n\n');
      if (request.method === 'POST') {
        // The first connection dies in the middle of the third event.
        for (const item of events.slice(0, 2)) response.write(frame(item));
        response.write(frame(events[2]!).slice(0, 20));
        setTimeout(() => response.destroy(), 20);
        return;
      }
      resumes.push(request.headers['last-event-id'] as string | undefined);
      // The server replays from its own store; it may send an event twice around the cut.
      const after = Number(request.headers['last-event-id'] ?? 0) - 1;
      for (const item of events.filter((candidate) => candidate.seq > after)) response.write(frame(item));
      response.end();
    });
    const client = createRenumClient({ baseUrl: server.url });
    const reconnects: number[] = [];
    const seen: RunEvent[] = [];
    for await (const item of client.messages.stream(conversationId, 'hi', {
      onReconnect: ({ lastSeq }) => reconnects.push(lastSeq),
    })) {
      seen.push(item);
    }
    expect(seen.map((item) => item.seq)).toEqual([5, 6, 7, 8, 9]);
    expect(
      seen
        .filter((item) => item.type === 'content')
        .map((item) => item.content)
        .join(''),
    ).toBe('Hello there');
    expect(reconnects).toEqual([6]);
    expect(resumes).toEqual(['6']);
  });

  it('stops quietly when aborted', async () => {
    await using server = await startLocalServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(frame(events[0]!));
      // Never ends: the consumer aborts.
    });
    const client = createRenumClient({ baseUrl: server.url });
    const controller = new AbortController();
    const seen: number[] = [];
    for await (const item of client.runs.events(runId, { signal: controller.signal })) {
      seen.push(item.seq);
      controller.abort();
    }
    expect(seen).toEqual([5]);
  });

  it('gives up with NETWORK_ERROR after the reconnections allowed', async () => {
    await using server = await startLocalServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end('retry: 1\n\n');
    });
    const client = createRenumClient({ baseUrl: server.url });
    const consume = async () => {
      for await (const _item of client.runs.events(runId, { maxReconnects: 2 })) {
        // nothing arrives
      }
    };
    await expect(consume()).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });
});
