import { isTerminalRunEvent, type RunEvent, type RunEventDraft, stampRunEvent } from '@renum/contracts';
import {
  combineWrites,
  conversations,
  type Database,
  runEvents,
  sendAhead,
  statementCache,
  type Transaction,
  withClient,
} from '@renum/db';
import type { ToolCallRecord } from '@renum/tools';
import { eq, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { type EventBus, type PublishFailureReporter, warnPublishFailure } from './event-bus.ts';
import { createHeldToolCalls } from './held-tool-calls.ts';
import { type TimedToolCallRecord, writeToolCalls } from './record-tool-calls.ts';
import { reserveSeq } from './reserve-seq.ts';
import { eventBatchType } from './run-event-rows.ts';

/** Writes one run's events: numbers them, publishes them at once, persists them in batches. */
export interface RunEventWriter {
  /** Stamps, publishes and queues one event; returns it with its sequence number. */
  emit(draft: RunEventDraft): RunEvent;
  /**
   * Holds the ledger record of a proxied call the run made until the call's `tool_result` event is
   * emitted: it is then stored in the transaction that stores that event (or, if none comes, with the
   * terminal event). A crash keeps both or neither, and a run taken over replays only stored results,
   * so every call is metered once (ADR 0075).
   */
  holdToolCall(toolCallId: string, record: ToolCallRecord): void;
  /**
   * Persists everything emitted so far. Never rejects: a batch that could not be stored goes to
   * `onPersistError` (logged and counted), once.
   */
  flush(): Promise<void>;
  /**
   * Waits for batches already being written, without starting another: call it before the
   * transaction given to {@link writeTerminal} (on PGlite, one connection, a batch write waited
   * for inside another transaction would deadlock).
   */
  idle(): Promise<void>;
  /**
   * Settles the run inside the caller's transaction: the events not yet persisted and the terminal
   * event are inserted together, and the conversation's counter (and `touch`, its last message
   * time) updated, so they commit with the run's final state in one transaction. Returns the
   * terminal event, to {@link publish} once that transaction has committed. If the transaction
   * fails, the pending events stay queued for the next flush.
   */
  writeTerminal(
    tx: Transaction,
    draft: RunEventDraft,
    options?: {
      touch?: Date;
      /** The caller's own writes (not yet run), sent in the same statement as the events. */
      with?: SQLWrapper[];
      /**
       * A last, read-only part of that statement, which may read what the `with` writes return (named
       * `w0`, `w1`… in their order) and, given as a function, the writer's own parts ({@link TerminalParts}).
       * `check` gets its first row; what `check` throws fails the write.
       */
      select?: TerminalSelect;
      /**
       * A read sent right behind that statement, before its answer (ADR 0079): Postgres runs it after the
       * statement, in the same transaction, so it sees the statement's writes. Its answer goes to `after`.
       * Not sent when tool calls are stored after the statement (it would not see them).
       */
      readAhead?: () => Promise<unknown>;
      /**
       * The caller's work after that statement, in the same transaction, with `readAhead`'s answer when it
       * was sent: when it throws, the events are queued again as when the statement fails (the transaction
       * rolls back).
       */
      after?: (terminal: RunEvent, readAhead: Promise<unknown> | undefined) => Promise<void>;
      /**
       * The caller's parts as a statement built once per process and shape (ADR 0074), instead of `with`
       * and `select`: the writer adds its own parts with placeholders too.
       */
      reusable?: ReusableTerminal | undefined;
    },
  ): Promise<RunEvent>;
  /**
   * Publishes an event already persisted by {@link writeTerminal}; resolves once the bus took it (a
   * failure goes to `onPublishError`, it does not reject).
   */
  publish(event: RunEvent): Promise<void>;
  /** Flushes and stops the timer; the last call of a run. */
  close(): Promise<void>;
}

/** The parts of the terminal statement a caller's `select` may read, beside its own `w0`, `w1`… */
export interface TerminalParts {
  /** The part that updated the conversation: its row as this statement left it, every column. */
  conversation: SQL;
}

/** The read-only last part of the terminal statement, and what checks its first row. */
export interface TerminalSelect {
  sql: SQL | ((parts: TerminalParts) => SQL);
  check: (row: Record<string, unknown> | undefined) => void;
}

/**
 * A caller's parts of the terminal statement with `sql.placeholder`s where its values go, so the whole
 * statement is built once per process for each `variant` (`statementCache`, ADR 0074).
 */
export interface ReusableTerminal {
  /**
   * The shape of the caller's parts: everything `build` gives that is not a placeholder's value. Undefined:
   * a shape not worth keeping, built for this call.
   */
  variant: string | undefined;
  /** The caller's writes and last part, as `with` and `select` of `writeTerminal`; called once a variant. */
  build: (tx: Transaction) => { with: SQLWrapper[]; select: (parts: TerminalParts) => SQL };
  /** The values of the caller's placeholders (the writer's own are named `event_…` and `conversation_…`). */
  values: Record<string, unknown>;
  check: (row: Record<string, unknown> | undefined) => void;
}

/** What a terminal batch adds to the writer's own parts: `writeTerminal`'s options. */
type TerminalWrite = Parameters<RunEventWriter['writeTerminal']>[2] & {};

/** A writer's statements built once per process: a plain batch's, and each reusable terminal variant's. */
const writerStatements = statementCache('renum_events');

/**
 * Creates the writer of a run in a conversation. The conversation's counter is advanced once
 * for the run's first event and then kept in memory: a conversation runs one answer at a time,
 * so the process running it owns the counter. Events reach watchers at once and the database
 * in batches (every `flushIntervalMs`, every `maxBatch` events, and on terminal events), keeping
 * one write per token off the hot path.
 */
export async function openRunEventWriter(options: {
  db: Database;
  bus: EventBus;
  clientId: string;
  conversationId: string;
  runId: string;
  clock: () => Date;
  /** Ids of the ledger and audit rows of held tool calls ({@link RunEventWriter.holdToolCall}). */
  newId: () => string;
  /** @defaultValue 25 */
  flushIntervalMs?: number;
  /** @defaultValue 64 */
  maxBatch?: number;
  /**
   * Numbers to skip before the first event. Recovery uses it: events a dead process published but
   * never stored may have used the next numbers, and a watcher who saw them must not miss ours.
   * @defaultValue 0
   */
  skipSeq?: number;
  /**
   * The first sequence number, when the caller reserved it (it read the conversation's counter
   * under a row lock in the transaction that created the run): saves a transaction.
   */
  firstSeq?: number | undefined;
  /**
   * A block of numbers reserved for this writer by the run's claim (ADR 0009 §6). Before it runs out
   * the writer reserves the next block, so parallel writers of one conversation never collide.
   */
  block?: { first: number; last: number } | undefined;
  /** Told when a batch of events could not be stored in the background. @defaultValue a process warning */
  onPersistError?: ((error: unknown) => void) | undefined;
  /**
   * Told when the bus fails to publish an event. Publication is not awaited on the hot path (the
   * event is stored either way), so this is where such a failure is logged and counted.
   * @defaultValue a process warning
   */
  onPublishError?: PublishFailureReporter | undefined;
}): Promise<RunEventWriter> {
  const { db, bus, clientId, conversationId, runId, clock } = options;
  const flushIntervalMs = options.flushIntervalMs ?? 25;
  const maxBatch = options.maxBatch ?? 64;
  const onPublishError = options.onPublishError ?? warnPublishFailure;
  // Not awaited: a bus keeps the order of its publish calls, and the event is stored either way.
  const publish = (event: RunEvent) =>
    bus.publish(conversationId, event).catch((error: unknown) => onPublishError(error, event));
  const onPersistError = options.onPersistError ?? warnPersistFailure(runId);
  // Without a block from the caller, one is reserved here: numbers another writer was given (a dead
  // worker's published but unstored events included) are never reused.
  let block =
    options.block ??
    (options.firstSeq === undefined
      ? await withClient(db, clientId, (tx) => reserveSeq(tx, conversationId, 64 + (options.skipSeq ?? 0)))
      : undefined);
  let nextBlock: { first: number; last: number } | undefined;
  let reserving = false;
  let nextSeq = options.firstSeq ?? (block ? block.first + (options.skipSeq ?? 0) : 1);
  let pending: RunEvent[] = [];
  const toolCalls = createHeldToolCalls();
  let writing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  /**
   * Stores a batch in one statement: the caller's writes (a terminal batch's, `with` or `reusable`), the
   * events' row and the conversation's counter (the writer's own parts, with placeholders: {@link ownParts}),
   * then the caller's last part, whose first row goes to its `check`. Built once per process for a plain
   * batch and for each `reusable` variant (ADR 0074), else for this call.
   */
  const insertBatch = async (tx: Transaction, batch: RunEvent[], terminal: TerminalWrite = {}) => {
    const { touch, reusable } = terminal;
    const select = reusable ? undefined : terminal.select;
    // The statement's shape: a plain batch, a reusable terminal's variant, or (undefined) one for this call.
    const shape = reusable ? reusable.variant : terminal.with || select ? undefined : 'batch';
    const variant = shape && `${shape}|${touch ? 'touch' : 'keep'}`;
    const build = (inTx: Transaction) => {
      const caller = reusable ? reusable.build(inTx) : { with: terminal.with ?? [], select: select?.sql };
      // The conversation's update is the part after the events' row, behind the caller's writes.
      const conversation = sql.raw(`w${caller.with.length + 1}`);
      const returning = typeof caller.select === 'function';
      const last = typeof caller.select === 'function' ? caller.select({ conversation }) : caller.select;
      return combineWrites([
        ...caller.with,
        ...ownParts(inTx, touch !== undefined, returning),
        ...(last ? [last] : []),
      ]);
    };
    const values = ownValues({ conversationId, clientId, runId, batch, touch }, { ...reusable?.values });
    const rows = await writerStatements(tx, variant, build, values);
    (reusable ?? select)?.check(rows[0]);
  };
  /** The batch's events, then the tool calls whose results it holds, in one transaction. */
  const persist = (batch: RunEvent[], calls: TimedToolCallRecord[]) =>
    withClient(db, clientId, async (tx) => {
      await insertBatch(tx, batch);
      if (calls.length > 0) await writeToolCalls(tx, clientId, calls, options.newId);
    });
  /** Reserves the next block once half of the current one is used; it is waiting when this one ends. */
  const takeSeq = (): number => {
    if (block && nextSeq > block.last && nextBlock) {
      block = nextBlock;
      nextBlock = undefined;
      nextSeq = Math.max(nextSeq, block.first);
    }
    if (block && !reserving && !nextBlock && nextSeq > (block.first + block.last) / 2) {
      reserving = true;
      const size = block.last - block.first + 1;
      withClient(db, clientId, (tx) => reserveSeq(tx, conversationId, size))
        .then((reserved) => {
          nextBlock = reserved;
        }, onPersistError)
        .finally(() => {
          reserving = false;
        });
    }
    return nextSeq++;
  };
  const stamp = (draft: RunEventDraft) =>
    stampRunEvent({ draft, seq: takeSeq(), runId, conversationId, createdAt: clock() });

  const flush = (): Promise<void> => {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (pending.length > 0) {
      const batch = pending;
      const calls = toolCalls.take();
      pending = [];
      // Batches are written in order, one after the other. A failed batch is reported here, once, and
      // does not stop later ones (the terminal event above all): the chain itself never rejects.
      writing = writing.then(() => persist(batch, calls)).then(undefined, onPersistError);
    }
    return writing;
  };

  return {
    emit(draft) {
      const event = stamp(draft);
      void publish(event);
      pending.push(event);
      toolCalls.release(draft);
      if (isTerminalRunEvent(draft) || pending.length >= maxBatch) void flush();
      else timer ??= setTimeout(() => void flush(), flushIntervalMs);
      return event;
    },
    holdToolCall: (toolCallId, record) => toolCalls.hold(toolCallId, record, clock()),
    flush,
    async idle() {
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      await writing; // never rejects: a failed batch was reported by the flush that wrote it
    },
    async writeTerminal(tx, draft, writeOptions = {}) {
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      const event = stamp(draft);
      const batch = pending;
      const { calls, restore } = toolCalls.takeAll();
      pending = [];
      try {
        const written = insertBatch(tx, [...batch, event], writeOptions);
        const read = calls.length === 0 ? writeOptions.readAhead : undefined;
        const ahead = read && sendAhead(tx, read());
        await written;
        if (calls.length > 0) await writeToolCalls(tx, clientId, calls, options.newId);
        await writeOptions.after?.(event, ahead);
      } catch (error) {
        pending = [...batch, ...pending];
        restore();
        throw error;
      }
      return event;
    },
    publish,
    close: flush,
  };
}

/**
 * The writer's own parts of a batch's statement, with placeholders ({@link ownValues} fills them): one row
 * for the batch's events (ADR 0028: `seq` is its first event's number and `payload` the events in order, a
 * lone event stored as itself, `type` its type; a row per event cost a heap tuple, two index entries and a
 * foreign-key check each, about half of a chat turn's write-ahead log; {@link runEventsOfRows} reads both
 * shapes back), then the conversation's counter (and, with `touch`, its last message time), returning its row
 * when the caller's last part reads it.
 */
function ownParts(tx: Transaction, touch: boolean, returning: boolean): SQLWrapper[] {
  const value = (name: string) => sql.placeholder(name);
  const update = tx
    .update(conversations)
    .set({
      last_seq: sql`greatest(${conversations.last_seq}, ${value('conversation_last_seq')})`,
      ...(touch ? { last_message_at: sql`${value('conversation_touch')}::timestamptz` } : {}),
    })
    .where(eq(conversations.id, value('conversation_id')));
  return [
    sql`insert into ${runEvents} (stream_id, seq, client_id, run_id, type, payload, created_at)
      values (${value('event_stream')}::uuid, ${value('event_seq')}, ${value('event_client')}::uuid,
        ${value('event_run')}::uuid, ${value('event_type')}, ${value('event_payload')}::jsonb,
        ${value('event_created_at')}::timestamptz)`,
    returning ? update.returning() : update,
  ];
}

/** The values of {@link ownParts} for a batch, into `into`. */
function ownValues(
  row: {
    conversationId: string;
    clientId: string;
    runId: string;
    batch: RunEvent[];
    touch: Date | undefined;
  },
  into: Record<string, unknown>,
): Record<string, unknown> {
  const { batch } = row;
  const first = batch[0]!;
  const lone = batch.length === 1;
  into.event_stream = row.conversationId;
  into.event_seq = first.seq;
  into.event_client = row.clientId;
  into.event_run = row.runId;
  into.event_type = lone ? first.type : eventBatchType;
  into.event_payload = JSON.stringify(lone ? first : batch);
  into.event_created_at = first.created_at;
  into.conversation_id = row.conversationId;
  into.conversation_last_seq = batch.at(-1)!.seq;
  if (row.touch) into.conversation_touch = row.touch.toISOString();
  return into;
}

/** Default persistence failure report: a process warning naming the run. */
function warnPersistFailure(runId: string) {
  return (error: unknown) =>
    process.emitWarning(
      `run ${runId}: events not stored: ${error instanceof Error ? error.message : String(error)}`,
      'RenumRunWarning',
    );
}
