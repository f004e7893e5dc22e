import type { RunEvent, WsServerFrame } from '@renum/contracts';
import { createRenumClient, type RealtimeStatus } from '@renum/sdk';
import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

/** How long a step may take on a loaded machine (the whole suite runs in parallel on 2 cores). */
const patience = { timeout: 10_000, interval: 20 };

/** The SDK's WebSocket client against the real server: reconnects by itself and shows nothing twice. */
describe('the SDK realtime connection', () => {
  let t: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    t = await createTestApp(testDatabaseTargets()[0]!, {
      models: { offline: { chunkDelayMs: 3, wordsPerChunk: 1 } },
    });
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => t?.close());

  it('reconnects after a drop mid-answer and syncs: every event and message once, in order', async () => {
    const client = createRenumClient({ baseUrl });
    await client.auth.signup({
      email: `rt-${Date.now()}@example.com`,
      password: 'correct horse battery',
      name: 'Ana',
      client_name: 'Realtime Co',
    });
    const agent = await client.agents.create({ name: 'Helper', system_prompt: 'You help.' });
    const conversation = await client.conversations.create(agent.id);

    const connection = client.realtime.connect({ reconnectDelayMs: 20 });
    const frames: WsServerFrame[] = [];
    const statuses: RealtimeStatus[] = [];
    connection.on((frame) => frames.push(frame));
    connection.onStatus((status) => statuses.push(status));
    connection.subscribe(conversation.id);
    await vi.waitFor(() => expect(frames.some((frame) => frame.type === 'subscribed')).toBe(true), patience);
    connection.send({
      type: 'message',
      conversation_id: conversation.id,
      content: 'Tell me a long story about a lighthouse keeper and the sea',
    });

    // Dropped by the server mid-answer (as a lost network would).
    await vi.waitFor(
      () =>
        expect(frames.some((frame) => frame.type === 'event' && frame.event.type === 'content')).toBe(true),
      patience,
    );
    for (const socket of t.app.websocketServer.clients) socket.terminate();
    await vi.waitFor(
      () =>
        expect(frames.some((frame) => frame.type === 'event' && frame.event.type === 'complete')).toBe(true),
      patience,
    );
    expect(statuses).toContain('reconnecting');
    expect(frames.filter((frame) => frame.type === 'connected')).toHaveLength(2);

    const events = frames.flatMap((frame) => (frame.type === 'event' ? [frame.event as RunEvent] : []));
    const stored: number[] = [];
    for await (const event of client.runs.events(events[0]!.run_id)) stored.push(event.seq);
    expect(events.map((event) => event.seq)).toEqual(stored);
    await vi.waitFor(
      () =>
        expect(frames.flatMap((frame) => (frame.type === 'message' ? [frame.message.role] : []))).toEqual([
          'user',
          'assistant',
        ]),
      patience,
    );
    connection.close();
    await vi.waitFor(() => expect(connection.status).toBe('closed'), patience);
  });
});
