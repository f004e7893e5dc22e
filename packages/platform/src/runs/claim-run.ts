import { conversations, messages, runs, type Transaction, withClient } from '@renum/db';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type SettingsStamp, settingsStampSql } from '../settings/settings-cache.ts';
import { loadRunContext, type RunContext } from './run-context.ts';

/** Sequence numbers a claim reserves for the run's events (ADR 0009 §6); more are reserved as needed. */
export const seqBlockSize = 256;

/** A run this worker holds: every write it makes to the run is fenced by `leaseToken`. */
export interface ClaimedRun {
  run: typeof runs.$inferSelect;
  leaseToken: string;
  /** First and last sequence number of the block reserved for its events. */
  seq: { first: number; last: number };
  /** Null when the run has no conversation (nothing to execute). */
  context: RunContext | null;
}

/**
 * Takes a run for this worker (ADR 0009 §2): a `queued` run, or a `running` one whose worker lost its
 * job (the job queue only hands the job to one worker at a time, so the previous holder's lease is over).
 * The new lease token fences the previous holder's late writes. The same transaction reserves the first
 * block of sequence numbers and, without a `hint`, reads the run's context. Null when the run is already
 * settled.
 */
export async function claimRun(
  deps: Pick<PlatformDeps, 'db' | 'clock' | 'newId'>,
  options: {
    clientId: string;
    runId: string;
    processId: string;
    leaseMs: number;
    historyTokenBudget: number;
    /** The context read by the send that created the run in this process (local pick-up). */
    hint?: RunContext | undefined;
    /**
     * Skip a run whose row another transaction holds (its settlement, a renewal) instead of waiting for
     * it: null then, as for a settled run. For a claim made while the job's row is held (ADR 0058).
     */
    skipLocked?: boolean | undefined;
  },
): Promise<ClaimedRun | null> {
  return withClient(deps.db, options.clientId, (tx) => claimRunInTransaction(tx, deps, options));
}

/**
 * {@link claimRun} in a transaction the caller opened, already in the run's client's scope: the
 * `run.execute` job's claim hook claims the run in the transaction that claims its job (ADR 0058).
 */
export async function claimRunInTransaction(
  tx: Transaction,
  deps: Pick<PlatformDeps, 'clock' | 'newId'>,
  options: Omit<Parameters<typeof claimRun>[1], 'clientId'>,
): Promise<ClaimedRun | null> {
  const now = deps.clock();
  const leaseToken = deps.newId();
  const [run] = await tx
    .update(runs)
    .set({
      status: 'running',
      lease_token: leaseToken,
      lease_owner: options.processId,
      lease_expires_at: new Date(now.getTime() + options.leaseMs),
      claims: sql`${runs.claims} + 1`,
      started_at: sql`coalesce(${runs.started_at}, ${now.toISOString()}::timestamptz)`,
      updated_at: now,
    })
    .where(
      and(eq(runs.id, options.runId), inArray(runs.status, ['queued', 'running']), unlocked(tx, options)),
    )
    .returning();
  if (!run) return null;
  if (!run.conversation_id) return { run, leaseToken, seq: { first: 1, last: 0 }, context: null };
  const hinted = run.claims === 1 && options.hint?.run.id === run.id ? options.hint : undefined;
  const { seq, userMessage, settingsStamp } = await reserveSeqReadingMessage(tx, run, !hinted);
  const context = hinted
    ? // The hint's settings stamp may be as old as the job's wait: the claim's own is current (ADR 0063).
      { ...hinted, run, settings: { stamp: settingsStamp, readAt: now } }
    : await loadRunContext(tx, run, userMessage, { historyTokenBudget: options.historyTokenBudget, now });
  return { run, leaseToken, seq, context };
}

/** With `skipLocked`, the run's row only when no other transaction holds it (`for update skip locked`). */
function unlocked(tx: Transaction, options: { runId: string; skipLocked?: boolean | undefined }) {
  if (!options.skipLocked) return undefined;
  const free = tx
    .select({ id: runs.id })
    .from(runs)
    .where(eq(runs.id, options.runId))
    .for('update', { skipLocked: true });
  return inArray(runs.id, free);
}

/**
 * Reserves the claim's block of sequence numbers, reads the platform settings' stamp (ADR 0063) and, when
 * asked, the run's user message, in one statement (one round trip less for a worker that has no hint).
 */
async function reserveSeqReadingMessage(
  tx: Transaction,
  run: typeof runs.$inferSelect,
  readMessage: boolean,
): Promise<{
  seq: { first: number; last: number };
  userMessage: typeof messages.$inferSelect | undefined;
  settingsStamp: SettingsStamp;
}> {
  const message = readMessage
    ? sql`(select row_to_json(m) from (select * from ${messages}
      where run_id = ${run.id} and role = 'user' order by id desc limit 1) m)`
    : sql`null`;
  const result = (await tx.execute(sql`with seq as (
      update ${conversations} set seq_reserved = greatest(seq_reserved, last_seq) + ${seqBlockSize}
      where id = ${run.conversation_id} returning seq_reserved)
    select (select seq_reserved from seq) as last, ${message} as message,
      ${settingsStampSql()} as settings_stamp`)) as unknown as {
    rows: Array<{ last: number | string | null; message: MessageJson | null; settings_stamp: SettingsStamp }>;
  };
  const [row] = result.rows;
  const last = Number(row?.last ?? seqBlockSize);
  const found = row?.message ?? null;
  return {
    seq: { first: last - seqBlockSize + 1, last },
    userMessage: found ? { ...found, created_at: new Date(found.created_at) } : undefined,
    settingsStamp: row?.settings_stamp ?? null,
  };
}

type MessageJson = Omit<typeof messages.$inferSelect, 'created_at'> & { created_at: string };
