import { randomUUID } from 'node:crypto';
import type { RunEvent, RunEventDraft } from '@renum/contracts';
import { clients, conversations, type DatabaseHandle, runEvents, withClient, withPlatform } from '@renum/db';
import { testDatabaseTargets } from '@renum/testing';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryEventBus, type EventBus } from '../src/runs/event-bus.ts';
import { followRunEvents, readRunEvents } from '../src/runs/read-run-events.ts';
import { openRunEventWriter } from '../src/runs/run-event-writer.ts';
import { complete, content, insertRun, insertRunOwner } from './run-event-fixtures.ts';

for (const target of testDatabaseTargets()) {
  // Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
  describe.skipIf(target.skipReason !== null)(`run events (${target.name})`, () => {
    let handle: DatabaseHandle;
    const clientId = randomUUID();
    const agentId = randomUUID();

    beforeAll(async () => {
      handle = await target.open();
      await insertRunOwner(handle.db, { clientId, agentId });
    });
    afterAll(async () => handle?.close());

    // Settled: a conversation may hold only one unfinished run (migration 0008), and these tests write
    // events for several runs of one conversation.
    const newRun = (conversationId?: string) =>
      insertRun(handle.db, { clientId, agentId }, { status: 'completed', conversationId });

    const open = (bus: EventBus, ids: { conversationId: string; runId: string }, flushIntervalMs = 5) =>
      openRunEventWriter({
        db: handle.db,
        bus,
        clientId,
        ...ids,
        clock: () => new Date(),
        newId: randomUUID,
        flushIntervalMs,
      });

    it('replays exactly the rest, in order and once, to a watcher who reconnects with the last seq it saw', async () => {
      const bus = createMemoryEventBus();
      const ids = await newRun();
      const writer = await open(bus, ids);
      const firstWatcher: RunEvent[] = [];
      const disconnect = new AbortController();
      const watching = followRunEvents({
        db: handle.db,
        bus,
        clientId,
        streamId: ids.conversationId,
        afterSeq: 0,
        signal: disconnect.signal,
        onEvent: (event) => {
          firstWatcher.push(event);
          if (firstWatcher.length === 3) disconnect.abort();
        },
      });
      writer.emit({ type: 'status', status: 'running', content: 'Processando...' } as RunEventDraft);
      for (const word of ['Olá', ' como', ' posso', ' ajudar']) writer.emit(content(word));
      await watching;
      expect(firstWatcher.map((event) => event.seq)).toEqual([1, 2, 3]);
      await writer.flush();
      for (const word of [' hoje', '?']) writer.emit(content(word));
      const rest: RunEvent[] = [];
      const resumed = followRunEvents({
        db: handle.db,
        bus,
        clientId,
        streamId: ids.conversationId,
        afterSeq: 3,
        isDone: (event) => event.type === 'complete',
        onEvent: (event) => rest.push(event),
      });
      writer.emit(complete());
      await resumed;
      expect(rest.map((event) => event.seq)).toEqual([4, 5, 6, 7, 8]);
      const text = [...firstWatcher, ...rest]
        .map((event) => (event.type === 'content' ? event.content : ''))
        .join('');
      expect(text).toBe('Olá como posso ajudar hoje?');
      await writer.close();
      const stored = await readRunEvents({
        db: handle.db,
        clientId,
        streamId: ids.conversationId,
        afterSeq: 0,
      });
      expect(stored.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(
        stored.every((event) => event.run_id === ids.runId && event.conversation_id === ids.conversationId),
      ).toBe(true);
    });

    it('stores a batch as one row and reads from any point inside it, of one run, up to a limit', async () => {
      const ids = await newRun();
      const writer = await open(createMemoryEventBus(), ids, 60_000);
      for (const word of ['a', 'b', 'c', 'd', 'e']) writer.emit(content(word));
      await writer.flush(); // events 1-5: one row
      writer.emit(content('f'));
      await writer.flush(); // event 6 alone: a row of its own
      const rows = await withPlatform(handle.db, (tx) =>
        tx
          .select({ seq: runEvents.seq, type: runEvents.type })
          .from(runEvents)
          .where(eq(runEvents.run_id, ids.runId))
          .orderBy(asc(runEvents.seq)),
      );
      expect(rows.map((row) => [row.seq, row.type])).toEqual([
        [1, 'batch'],
        [6, 'content'],
      ]);
      const read = (afterSeq: number, limit?: number) =>
        readRunEvents({ db: handle.db, clientId, streamId: ids.conversationId, afterSeq, limit }).then(
          (events) => events.map((event) => event.seq),
        );
      expect(await read(0)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await read(3)).toEqual([4, 5, 6]);
      expect(await read(5)).toEqual([6]);
      expect(await read(6)).toEqual([]);
      expect(await read(1, 2)).toEqual([2, 3]);
      // Another run of the conversation: a read of one run skips the other's rows.
      const next = await newRun(ids.conversationId);
      const second = await open(createMemoryEventBus(), next);
      for (const word of ['g', 'h']) second.emit(content(word));
      await second.close();
      const ofRun = await readRunEvents({
        db: handle.db,
        clientId,
        streamId: ids.conversationId,
        afterSeq: 2,
        runId: next.runId,
      });
      expect(ofRun.map((event) => (event.type === 'content' ? event.content : event.type))).toEqual([
        'g',
        'h',
      ]);
      await writer.close();
    });

    it('delivers events published but not yet persisted', async () => {
      const bus = createMemoryEventBus();
      const ids = await newRun();
      const writer = await open(bus, ids, 60_000);
      writer.emit(content('a'));
      writer.emit(content('b'));
      expect(
        await readRunEvents({ db: handle.db, clientId, streamId: ids.conversationId, afterSeq: 0 }),
      ).toEqual([]);
      const seen: number[] = [];
      const following = followRunEvents({
        db: handle.db,
        bus,
        clientId,
        streamId: ids.conversationId,
        afterSeq: 0,
        isDone: (event) => event.type === 'complete',
        onEvent: (event) => seen.push(event.seq),
      });
      writer.emit(complete());
      await following;
      expect(seen).toEqual([1, 2, 3]);
      await writer.close();
    });

    it('continues the conversation’s numbering in the next run and keeps other clients out', async () => {
      const bus = createMemoryEventBus();
      const first = await newRun();
      const writer = await open(bus, first);
      writer.emit(content('x'));
      writer.emit(complete());
      await writer.close();
      const second = await newRun(first.conversationId);
      const next = await open(bus, second);
      // Each writer takes a block of 64 numbers (ADR 0009 §6): the next run starts after the first's block,
      // never on a number the first was given, whether or not it used it.
      expect(next.emit(content('y')).seq).toBe(65);
      await next.close();
      const [row] = await withClient(handle.db, clientId, (tx) => tx.select().from(conversations));
      expect(row).toBeDefined();
      const outsider = randomUUID();
      await withPlatform(handle.db, (tx) =>
        tx.insert(clients).values({ id: outsider, name: 'O', slug: `o-${outsider}` }),
      );
      expect(
        await readRunEvents({
          db: handle.db,
          clientId: outsider,
          streamId: first.conversationId,
          afterSeq: 0,
        }),
      ).toEqual([]);
    });
  });
}
