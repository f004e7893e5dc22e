import { randomUUID } from 'node:crypto';
import type { RunEvent } from '@renum/contracts';
import type { DatabaseHandle } from '@renum/db';
import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryEventBus, type EventBus } from '../../src/runs/event-bus.ts';
import { followRunEvents } from '../../src/runs/read-run-events.ts';
import { openRunEventWriter } from '../../src/runs/run-event-writer.ts';
import { createRedisEventBus } from '../../src/scale/redis-event-bus.ts';
import { complete, content, insertRun, insertRunOwner } from '../run-event-fixtures.ts';
import { reportedErrors, scaleTargets, type TwoProcesses } from './scale-targets.ts';

const pglite = testDatabaseTargets()[0]!;

let handle: DatabaseHandle;
const clientId = randomUUID();
const agentId = randomUUID();

beforeAll(async () => {
  handle = await pglite.open();
  await insertRunOwner(handle.db, { clientId, agentId });
});
afterAll(async () => handle?.close());

const newRun = () => insertRun(handle.db, { clientId, agentId }, { status: 'running' });

const targets = scaleTargets<EventBus>('run-events', {
  memory: () => {
    const bus = createMemoryEventBus();
    return { a: bus, b: bus };
  },
  redis: (connections) =>
    createRedisEventBus({ connections, onError: (error) => reportedErrors.push(error) }),
});

for (const target of targets) {
  describe.skipIf(target.skipReason !== null)(`run events across processes (${target.name})`, () => {
    let buses: TwoProcesses<EventBus>;
    beforeAll(async () => {
      buses = await target.open();
    });
    afterAll(async () => buses?.close());

    it('replays stored and not yet stored events, then live ones, to a watcher in the other process', async () => {
      const ids = await newRun();
      // The writer runs in process a and stores nothing before the end (a long flush interval).
      const writer = await openRunEventWriter({
        db: handle.db,
        bus: buses.a,
        clientId,
        ...ids,
        clock: () => new Date(),
        newId: randomUUID,
        flushIntervalMs: 60_000,
      });
      writer.emit(content('Olá'));
      writer.emit(content(' mundo'));
      await writer.flush();
      writer.emit(content(','));
      writer.emit(content(' tudo'));
      const seen: RunEvent[] = [];
      // The watcher, in process b, joins after 1: stored 2, buffered 3 and 4, then live ones.
      const following = followRunEvents({
        db: handle.db,
        bus: buses.b,
        clientId,
        streamId: ids.conversationId,
        afterSeq: 1,
        runId: ids.runId,
        isDone: (event) => event.type === 'complete',
        onEvent: (event) => seen.push(event),
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      writer.emit(content(' bem?'));
      writer.emit(complete());
      await following;
      await writer.close();
      expect(seen.map((event) => event.seq)).toEqual([2, 3, 4, 5, 6]);
      expect(seen.map((event) => (event.type === 'content' ? event.content : '')).join('')).toBe(
        ' mundo, tudo bem?',
      );
    });
  });
}

describe('run event writer', () => {
  it('reports a failed publication with its event instead of swallowing it, and still stores the event', async () => {
    const ids = await newRun();
    const failure = new Error('bus unavailable');
    const working = createMemoryEventBus();
    const failing: EventBus = { ...working, publish: () => Promise.reject(failure) };
    const reported: { error: unknown; seq: number }[] = [];
    const writer = await openRunEventWriter({
      db: handle.db,
      bus: failing,
      clientId,
      ...ids,
      clock: () => new Date(),
      newId: randomUUID,
      onPublishError: (error, event) => reported.push({ error, seq: event.seq }),
    });
    const first = writer.emit(content('a'));
    await writer.close();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reported).toEqual([{ error: failure, seq: first.seq }]);
    const stored: RunEvent[] = [];
    await followRunEvents({
      db: handle.db,
      bus: working,
      clientId,
      streamId: ids.conversationId,
      afterSeq: 0,
      stopAfterReplay: true,
      onEvent: (event) => stored.push(event),
    });
    expect(stored.map((event) => event.seq)).toEqual([first.seq]);
  });
});
