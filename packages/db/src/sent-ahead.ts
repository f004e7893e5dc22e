import type { Transaction } from './database.ts';

/** A statement sent ahead in a transaction, and its failure once it has failed. */
export interface Sent {
  answer: Promise<unknown>;
  failure?: { error: unknown };
}

/** The statements sent ahead in each open scoped transaction, in the order they were sent. */
const sentAhead = new WeakMap<Transaction, Sent[]>();

/** Opens the record of `tx`'s statements sent ahead (the scoped transaction's runner, `scope.ts`). */
export function trackSentAhead(tx: Transaction): Sent[] {
  const sent: Sent[] = [];
  sentAhead.set(tx, sent);
  return sent;
}

/**
 * Sends `statement` now (its `then` is called here: a Drizzle query, which an `await` would send a microtask
 * later, goes out before any statement sent after this call) and answers its answer without waiting for it
 * (ADR 0079): the caller sends what follows, and awaits the answer when it needs it. Postgres runs the
 * statements of a connection in order, so what follows sees its writes. The transaction, `withClient`'s or
 * `withPlatform`'s, waits for every statement sent ahead before it commits and fails with the first one
 * that failed: one the caller never awaited is never lost, and never committed past (a `COMMIT` after a
 * failed statement rolls back without an error).
 */
export function sendAhead<T>(tx: Transaction, statement: PromiseLike<T>): Promise<T> {
  const answer = Promise.resolve(statement.then((value) => value));
  const sent = sentAhead.get(tx);
  if (!sent) return answer; // not a scoped transaction's: the caller awaits it, as any statement
  sent.push(sentEntry(answer));
  return answer;
}

/**
 * A statement's answer as {@link settleSentAhead} takes it: its failure kept for the transaction's end (and
 * observed, so it is no unhandled rejection meanwhile). The Postgres runner's unawaited start is one too.
 */
export function sentEntry(answer: Promise<unknown>): Sent {
  const entry: Sent = { answer };
  answer.catch((error: unknown) => {
    entry.failure = { error };
  });
  return entry;
}

/**
 * At the end of a transaction's work: waits for the statements it sent ahead. After work that succeeded,
 * throws the first failure (the transaction rolls back). After work that failed, answers the error to throw:
 * the first statement sent ahead that failed of its own when the work's error is only a consequence (a
 * statement refused in the aborted transaction, `25P02`); otherwise the work's own. A failure of its own
 * neither thrown nor among the thrown error's causes goes to `onUnseen` (a process warning by default):
 * nothing fails unseen.
 */
export async function settleSentAhead(
  sent: Sent[],
  outcome: { error: unknown } | undefined,
  onUnseen: (error: unknown) => void = warnUnseen,
): Promise<unknown> {
  if (sent.length === 0) return outcome?.error; // most transactions: no wait added
  await Promise.allSettled(sent.map((entry) => entry.answer));
  const failures = sent.flatMap((entry) => (entry.failure ? [entry.failure.error] : []));
  // A statement refused because an earlier one failed says nothing of its own.
  const real = failures.filter((failure) => !isAbortedTransaction(failure));
  if (!outcome) {
    if (failures.length > 0) throw real[0] ?? failures[0];
    return undefined;
  }
  const thrown = real.length > 0 && isAbortedTransaction(outcome.error) ? real[0] : outcome.error;
  for (const failure of real) if (failure !== thrown && !inCauses(thrown, failure)) onUnseen(failure);
  return thrown;
}

/** True when `error`, or one of its causes, is Postgres refusing a statement in an aborted transaction. */
function isAbortedTransaction(error: unknown): boolean {
  return causes(error).some((current) => (current as { code?: unknown }).code === '25P02');
}

function inCauses(error: unknown, target: unknown): boolean {
  return causes(error).includes(target);
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current instanceof Error && chain.length < 6; current = current.cause)
    chain.push(current);
  return chain;
}

function warnUnseen(error: unknown): void {
  process.emitWarning(
    `A statement sent ahead failed in a transaction that failed for another reason: ${
      error instanceof Error ? error.message : String(error)
    }`,
    'RenumDatabaseWarning',
  );
}
