import { randomUUID } from 'node:crypto';
import { type RunEvent, stampRunEvent } from '@renum/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMemoryEventBus, type EventBus } from '../../src/runs/event-bus.ts';
import { createRedisEventBus } from '../../src/scale/redis-event-bus.ts';
import { reportedErrors, scaleTargets, type TwoProcesses } from './scale-targets.ts';

const runId = randomUUID();
const event = (streamId: string, seq: number): RunEvent =>
  stampRunEvent({
    draft: { type: 'content', content: `word ${seq} ção` },
    seq,
    runId,
    conversationId: streamId,
    createdAt: new Date(),
  });

/** Collects what a listener receives. */
function collector() {
  const seen: RunEvent[] = [];
  return { seen, seqs: () => seen.map((item) => item.seq), listener: (item: RunEvent) => seen.push(item) };
}

// The shared suite of the event bus port: the in-memory bus (one process, so both sides are one bus)
// and the Redis bus (two buses on their own connections, as in two processes).
const targets = scaleTargets<EventBus>('event-bus', {
  memory: () => {
    const bus = createMemoryEventBus({ bufferSize: 8 });
    return { a: bus, b: bus };
  },
  redis: (connections) =>
    createRedisEventBus({ connections, bufferSize: 8, onError: reportedErrors.push.bind(reportedErrors) }),
});

for (const target of targets) {
  describe.skipIf(target.skipReason !== null)(`event bus (${target.name})`, () => {
    let buses: TwoProcesses<EventBus>;
    beforeAll(async () => {
      buses = await target.open();
    });
    afterAll(async () => buses?.close());

    it("delivers each process's events to every watcher in every process, in order, each once", async () => {
      const stream = randomUUID();
      const inA = collector();
      const inB = collector();
      const alsoInB = collector();
      await buses.a.subscribe(stream, inA.listener);
      await buses.b.subscribe(stream, inB.listener);
      await buses.b.subscribe(stream, alsoInB.listener);
      const published: Promise<void>[] = [];
      // Not awaited one by one, like the writer on the hot path: order comes from the bus.
      for (let seq = 1; seq <= 40; seq++) published.push(buses.a.publish(stream, event(stream, seq)));
      await Promise.all(published);
      for (let seq = 41; seq <= 60; seq++) published.push(buses.b.publish(stream, event(stream, seq)));
      await Promise.all(published);
      const all = Array.from({ length: 60 }, (_, index) => index + 1);
      await vi.waitFor(() => expect(inA.seqs()).toEqual(all), { timeout: 2000, interval: 5 });
      await vi.waitFor(() => expect(inB.seqs()).toEqual(all), { timeout: 2000, interval: 5 });
      expect(alsoInB.seqs()).toEqual(all);
      expect(inB.seen[0]).toMatchObject({
        type: 'content',
        content: 'word 1 ção',
        conversation_id: stream,
        run_id: runId,
      });
    });

    it('keeps streams apart', async () => {
      const [one, two] = [randomUUID(), randomUUID()];
      const watcher = collector();
      await buses.b.subscribe(one, watcher.listener);
      await buses.a.publish(two, event(two, 1));
      await buses.a.publish(one, event(one, 7));
      await vi.waitFor(() => expect(watcher.seqs()).toEqual([7]), { timeout: 2000, interval: 5 });
      expect(await buses.b.recent(two, 0)).toHaveLength(1);
      expect((await buses.b.recent(one, 0))[0]!.conversation_id).toBe(one);
    });

    it('serves recent events after a gap from any process, capped at the buffer size', async () => {
      const stream = randomUUID();
      for (let seq = 1; seq <= 5; seq++) await buses.a.publish(stream, event(stream, seq));
      // A watcher that saw up to 2 (say, in another process before it reconnected) asks for the rest.
      expect((await buses.b.recent(stream, 2)).map((item) => item.seq)).toEqual([3, 4, 5]);
      expect(await buses.b.recent(stream, 5)).toEqual([]);
      expect(await buses.b.recent(randomUUID(), 0)).toEqual([]);
      for (let seq = 6; seq <= 12; seq++) void buses.a.publish(stream, event(stream, seq));
      await buses.a.publish(stream, event(stream, 13));
      // The buffer keeps the last 8.
      expect((await buses.b.recent(stream, 0)).map((item) => item.seq)).toEqual([6, 7, 8, 9, 10, 11, 12, 13]);
    });

    it('stops delivering to a watcher that unsubscribed, and to nobody once all have', async () => {
      const stream = randomUUID();
      const leaving = collector();
      const staying = collector();
      const stopLeaving = await buses.b.subscribe(stream, leaving.listener);
      const stopStaying = await buses.b.subscribe(stream, staying.listener);
      await buses.a.publish(stream, event(stream, 1));
      await vi.waitFor(() => expect(leaving.seqs()).toEqual([1]), { timeout: 2000, interval: 5 });
      stopLeaving();
      await buses.a.publish(stream, event(stream, 2));
      await vi.waitFor(() => expect(staying.seqs()).toEqual([1, 2]), { timeout: 2000, interval: 5 });
      expect(leaving.seqs()).toEqual([1]);
      stopStaying();
      await buses.a.publish(stream, event(stream, 3));
      // Resubscribing afterwards works, and only new events arrive live.
      const back = collector();
      await buses.b.subscribe(stream, back.listener);
      await buses.a.publish(stream, event(stream, 4));
      await vi.waitFor(() => expect(back.seqs()).toEqual([4]), { timeout: 2000, interval: 5 });
      expect(staying.seqs()).toEqual([1, 2]);
      expect(leaving.seqs()).toEqual([1]);
    });

    it('carries a cancel to every process within well under a second, until the listener leaves', async () => {
      const heardInA: string[] = [];
      const heardInB: { runId: string; at: number }[] = [];
      const stopA = buses.a.onCancel((id) => heardInA.push(id));
      const stopB = buses.b.onCancel((id) => heardInB.push({ runId: id, at: performance.now() }));
      const target = randomUUID();
      const sentAt = performance.now();
      await buses.a.publishCancel(target);
      await vi.waitFor(() => expect(heardInB.map((item) => item.runId)).toEqual([target]), {
        timeout: 1000,
        interval: 2,
      });
      expect(heardInB[0]!.at - sentAt).toBeLessThan(500);
      await vi.waitFor(() => expect(heardInA).toEqual([target]), { timeout: 1000, interval: 2 });
      stopB();
      const next = randomUUID();
      await buses.b.publishCancel(next);
      await vi.waitFor(() => expect(heardInA).toEqual([target, next]), { timeout: 1000, interval: 2 });
      expect(heardInB).toHaveLength(1);
      stopA();
    });

    it('keeps delivering to the others when one watcher throws', async () => {
      const stream = randomUUID();
      const fine = collector();
      await buses.b.subscribe(stream, () => {
        throw new Error('broken watcher');
      });
      await buses.b.subscribe(stream, fine.listener);
      const warnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
      const reportedBefore = reportedErrors.length;
      try {
        await buses.a.publish(stream, event(stream, 1));
        await vi.waitFor(() => expect(fine.seqs()).toEqual([1]), { timeout: 2000, interval: 5 });
        // Reported, not swallowed: a warning in memory, the error reporter on Redis.
        const reported = warnings.mock.calls.length + reportedErrors.length - reportedBefore;
        expect(reported).toBe(1);
      } finally {
        warnings.mockRestore();
        reportedErrors.splice(reportedBefore);
      }
    });
  });
}

describe.skipIf(targets[1]!.skipReason !== null)('event bus on Redis', () => {
  it('lets a stream buffer expire after its last event', async () => {
    const target = scaleTargets<EventBus>('event-bus-ttl', {
      memory: () => ({ a: createMemoryEventBus(), b: createMemoryEventBus() }),
      redis: (connections) => createRedisEventBus({ connections, bufferTtlMs: 60, onError: () => {} }),
    })[1]!;
    const buses = await target.open();
    try {
      const stream = randomUUID();
      await buses.a.publish(stream, event(stream, 1));
      expect(await buses.b.recent(stream, 0)).toHaveLength(1);
      await vi.waitFor(async () => expect(await buses.b.recent(stream, 0)).toEqual([]), {
        timeout: 2000,
        interval: 20,
      });
    } finally {
      await buses.close();
    }
  });

  /** Two Redis buses, and every raw publication on a new stream's channel as `b` receives it. */
  const rawPublications = async (name: string) => {
    const buses = await scaleTargets<EventBus>(name, {
      memory: () => ({ a: createMemoryEventBus(), b: createMemoryEventBus() }),
      redis: (connections) => createRedisEventBus({ connections, onError: () => {} }),
    })[1]!.open();
    const stream = randomUUID();
    const raw: string[] = [];
    await buses.connections!.b.channels.subscribe(`events:${stream}`, (message) => raw.push(message));
    return { buses, stream, raw };
  };

  it("sends one event-loop turn's events of a stream as one publication, and a lone event as itself", async () => {
    const { buses, stream, raw } = await rawPublications('event-bus-batch');
    try {
      const watcher = collector();
      await buses.b.subscribe(stream, watcher.listener);
      await Promise.all([1, 2, 3, 4, 5].map((seq) => buses.a.publish(stream, event(stream, seq))));
      await buses.a.publish(stream, event(stream, 6));
      await vi.waitFor(() => expect(watcher.seqs()).toEqual([1, 2, 3, 4, 5, 6]), {
        timeout: 2000,
        interval: 5,
      });
      expect(raw.map((message) => JSON.parse(message))).toEqual([
        [1, 2, 3, 4, 5].map((seq) => expect.objectContaining({ seq })),
        expect.objectContaining({ seq: 6 }),
      ]);
      expect((await buses.b.recent(stream, 0)).map((item) => item.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    } finally {
      await buses.close();
    }
  });

  it('sends a terminal event at once, with what of its stream waits for the turn, not with what follows', async () => {
    const { buses, stream, raw } = await rawPublications('event-bus-terminal');
    try {
      const terminal = stampRunEvent({
        draft: {
          type: 'complete',
          content: 'fim',
          message_id: null,
          usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2, cost_usd: 0 },
        },
        seq: 3,
        runId,
        conversationId: stream,
        createdAt: new Date(),
      });
      // In one turn: two chunks, the terminal event, then one more event of the stream.
      const sent = [event(stream, 1), event(stream, 2), terminal, event(stream, 4)].map((item) =>
        buses.a.publish(stream, item),
      );
      await Promise.all(sent);
      await vi.waitFor(() => expect(raw).toHaveLength(2), { timeout: 2000, interval: 5 });
      expect(raw.map((message) => JSON.parse(message))).toEqual([
        [1, 2, 3].map((seq) => expect.objectContaining({ seq })),
        expect.objectContaining({ seq: 4 }),
      ]);
    } finally {
      await buses.close();
    }
  });
});
