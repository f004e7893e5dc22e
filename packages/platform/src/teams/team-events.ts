import type { RunEvent, RunEventDraft, TeamExecutionEvent } from '@renum/contracts';
import {
  afterCommit,
  reusableStatement,
  type Transaction,
  teamExecutionEvents,
  teamExecutions,
} from '@renum/db';
import { type SQL, sql } from 'drizzle-orm';
import { type EventBus, type PublishFailureReporter, warnPublishFailure } from '../runs/event-bus.ts';
import { eventBatchType } from '../runs/run-event-rows.ts';

/** An event to append to an execution's log: its body, and the step and run it comes from. */
export interface ExecutionEventDraft {
  draft: RunEventDraft;
  runId?: string | null;
  stepIndex?: number | null;
}

/**
 * The `counter` and `stored` parts of an append (`with` parts, placeholders `count`, `execution_id`,
 * `client_id`, `now`, `rows`): the counter's update, which with `entry` also merges the placeholder `entry`
 * into the shared context (one update of the execution's row: a statement cannot update a row twice), and
 * the rows' insert. `counter` returns the new `last_seq`.
 */
export function appendParts(options: { entry: boolean }): SQL {
  const value = (name: string) => sql.placeholder(name);
  const context = options.entry ? sql`, shared_context = shared_context || ${value('entry')}::jsonb` : sql``;
  return sql`counter as (
      update ${teamExecutions} set last_seq = last_seq + ${value('count')}::int${context}
      where id = ${value('execution_id')}::uuid
      returning last_seq),
    stored as (insert into ${teamExecutionEvents}
        (execution_id, seq, client_id, run_id, step_index, type, payload, created_at)
      select ${value('execution_id')}::uuid,
        counter.last_seq - ${value('count')}::int + 1 + (e.body->>'offset')::int,
        ${value('client_id')}::uuid, (e.body->>'run_id')::uuid, (e.body->>'step_index')::int,
        e.body->>'type', e.body->'payload', ${value('now')}::timestamptz
      from counter, jsonb_array_elements(${value('rows')}::jsonb) as e(body))`;
}

/**
 * The append's one statement (ADR 0063), built once per process and prepared (ADR 0074): the counter's
 * update and the rows' insert, the rows as one JSON parameter.
 */
const appendStatement = reusableStatement<'append'>(
  'renum_execution_events',
  () => sql`with ${appendParts({ entry: false })} select last_seq from counter`,
);

/** What {@link appendExecutionEvents} takes. */
export interface AppendOptions {
  clientId: string;
  executionId: string;
  now: Date;
  events: readonly ExecutionEventDraft[];
  bus?: EventBus | undefined;
  onPublishError?: PublishFailureReporter | undefined;
}

/**
 * Appends events to an execution's log in `tx`, numbered from the execution's counter (one sequence per
 * execution, from the database, so parallel steps on different workers never collide), and publishes
 * them on the bus (stream = the execution's id) once `tx` commits. The counter's update and the rows'
 * insert are one statement (ADR 0063: one round trip per append).
 */
export async function appendExecutionEvents(
  tx: Transaction,
  options: AppendOptions,
): Promise<TeamExecutionEvent[]> {
  if (options.events.length === 0) return [];
  const append = prepareAppend(options);
  const [counter] = await appendStatement(tx, 'append', append.values);
  return append.finish(tx, counter?.last_seq);
}

/**
 * An append to run as part of another statement ({@link appendParts}): its placeholders' values, and, given
 * the counter the statement returned, the events as stored, published on the bus once `tx` commits.
 */
export function prepareAppend(options: AppendOptions): {
  values: Record<string, unknown>;
  finish(tx: Transaction, lastSeq: unknown): TeamExecutionEvent[];
} {
  const { events, executionId } = options;
  const rows = eventRows(events);
  const count = events.length;
  const values = {
    count,
    execution_id: executionId,
    client_id: options.clientId,
    now: options.now.toISOString(),
    rows: JSON.stringify(rows),
  };
  const finish = (tx: Transaction, lastSeq: unknown) => {
    if (lastSeq === undefined || lastSeq === null)
      throw new Error(`team execution ${executionId} not found while appending events`);
    const stamped = stampEvents(options, Number(lastSeq) - count + 1);
    publishAfterCommit(tx, options, stamped);
    return stamped;
  };
  return { values, finish };
}

function stampEvents(options: AppendOptions, first: number): TeamExecutionEvent[] {
  return options.events.map(
    (event, offset): TeamExecutionEvent =>
      ({
        ...event.draft,
        execution_id: options.executionId,
        seq: first + offset,
        run_id: event.runId ?? null,
        step_index: event.stepIndex ?? null,
        created_at: options.now.toISOString(),
      }) as TeamExecutionEvent,
  );
}

function publishAfterCommit(tx: Transaction, options: AppendOptions, stamped: TeamExecutionEvent[]) {
  const { bus, executionId } = options;
  if (!bus) return;
  afterCommit(tx, () => {
    const report = options.onPublishError ?? warnPublishFailure;
    for (const event of stamped) {
      // The bus carries run events; an execution's event has the same framing, under its own stream.
      const carried = event as unknown as RunEvent;
      bus.publish(executionId, carried).catch((error: unknown) => report(error, carried));
    }
  });
}

/** A stored row as the append's statement takes it: `offset`, its first event's index in the append. */
interface EventRow {
  offset: number;
  run_id: string | null;
  step_index: number | null;
  type: string;
  payload: Record<string, unknown> | Record<string, unknown>[];
}

/**
 * The rows of an append: consecutive events of the same step's run in one row of type `batch` (ADR 0077, as
 * `run_events` store theirs, ADR 0028), its `payload` their array and its `seq` the first one's number; any
 * other event alone, as itself.
 */
function eventRows(events: readonly ExecutionEventDraft[]): EventRow[] {
  const groups: Array<{
    offset: number;
    run_id: string | null;
    step_index: number | null;
    items: Record<string, unknown>[];
  }> = [];
  events.forEach((event, offset) => {
    const runId = event.runId ?? null;
    const stepIndex = event.stepIndex ?? null;
    const last = groups.at(-1);
    if (last && runId !== null && last.run_id === runId && last.step_index === stepIndex)
      last.items.push(payloadOf(event.draft));
    else groups.push({ offset, run_id: runId, step_index: stepIndex, items: [payloadOf(event.draft)] });
  });
  return groups.map(({ items, ...row }) =>
    items.length === 1
      ? { ...row, type: String(items[0]!.type), payload: items[0]! }
      : { ...row, type: eventBatchType, payload: items },
  );
}

/** An event's stored payload: its body without the fields the row holds in columns of their own. */
function payloadOf(draft: RunEventDraft): Record<string, unknown> {
  const {
    execution_id: _execution,
    seq: _seq,
    run_id: _run,
    step_index: _step,
    created_at: _created,
    ...payload
  } = draft as RunEventDraft & Record<string, unknown>;
  return payload;
}

/** The events an execution event row holds, in their wire form (a batch unrolled, ADR 0077). */
export function executionEventsFromRow(row: typeof teamExecutionEvents.$inferSelect): TeamExecutionEvent[] {
  const bodies = Array.isArray(row.payload) ? (row.payload as Record<string, unknown>[]) : [row.payload];
  return bodies.map(
    (body, index) =>
      ({
        ...body,
        type: Array.isArray(row.payload) ? body.type : row.type,
        execution_id: row.execution_id,
        seq: row.seq + index,
        run_id: row.run_id,
        step_index: row.step_index,
        created_at: row.created_at.toISOString(),
      }) as TeamExecutionEvent,
  );
}

/** True for the event that ends an execution: `complete`, `error`, or `status` cancelled (`stopped`). */
export function isTerminalExecutionEvent(event: TeamExecutionEvent): boolean {
  if (event.step_index !== null) return false; // a step's own terminal event does not end the execution
  return (
    event.type === 'complete' ||
    event.type === 'error' ||
    (event.type === 'status' && event.status === 'stopped')
  );
}
