import type { TeamExecutionEvent } from '@renum/contracts';
import { describe, expect, it } from 'vitest';
import { createRenumClient } from '../src/index.ts';
import { startLocalServer } from './local-server.ts';

const executionId = '0190a000-0000-7000-8000-0000000000e1';

function event(seq: number, body: Record<string, unknown>): TeamExecutionEvent {
  return {
    execution_id: executionId,
    run_id: null,
    step_index: 0,
    seq,
    created_at: '2026-01-01T00:00:00.000Z',
    ...body,
  } as TeamExecutionEvent;
}

const events: TeamExecutionEvent[] = [
  event(1, { type: 'step_start', step_id: 'step-0', agent: 'classifier', content: 'classifier started' }),
  event(2, { type: 'content', content: 'billing' }),
  event(3, { type: 'step_end', step_id: 'step-0', agent: 'classifier', content: 'classifier: completed' }),
  event(4, {
    type: 'complete',
    step_index: null,
    content: 'done',
    message_id: null,
    usage: { input_tokens: 1, output_tokens: 2, total_tokens: 3, cost_usd: 0 },
  }),
];

const frame = (item: TeamExecutionEvent) =>
  `id: ${item.seq}\nevent: ${item.type}\ndata: ${JSON.stringify(item)}\n\n`;

describe('team execution events', () => {
  it('follows on after the server closes the stream before the end event (a restart), from the last event seen', async () => {
    const asked: string[] = [];
    await using server = await startLocalServer((request, response) => {
      const after = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('after_seq') ?? 0);
      asked.push(String(after));
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      // The first server ends its streams when it shuts down, mid-execution; the next one has the rest.
      const batch = asked.length === 1 ? events.slice(0, 2) : events.filter((item) => item.seq > after);
      for (const item of batch) response.write(frame(item));
      response.end();
    });
    const client = createRenumClient({ baseUrl: server.url });
    const seen: number[] = [];
    const reconnects: number[] = [];
    const following = client.teamExecutions.events(executionId, {
      onReconnect: ({ lastSeq }) => reconnects.push(lastSeq),
    });
    for await (const item of following) seen.push(item.seq);
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(asked).toEqual(['0', '2']);
    expect(reconnects).toEqual([2]);
  });

  it('stops when a reconnection brings nothing new and closes again', async () => {
    let connections = 0;
    await using server = await startLocalServer((_request, response) => {
      connections += 1;
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      // A finished execution whose events hold no end event: the server replays them and closes.
      if (connections === 1) for (const item of events.slice(0, 3)) response.write(frame(item));
      response.end();
    });
    const client = createRenumClient({ baseUrl: server.url });
    const seen: number[] = [];
    for await (const item of client.teamExecutions.events(executionId)) seen.push(item.seq);
    expect(seen).toEqual([1, 2, 3]);
    expect(connections).toBe(2);
  });
});
