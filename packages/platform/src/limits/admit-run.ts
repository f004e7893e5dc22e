import { AppError } from '@renum/contracts';
import { sendAhead, type Transaction } from '@renum/db';
import type { PlatformDeps } from '../platform-deps.ts';
import { type AdmissionSnapshot, monthStart, readAdmissionSnapshot } from './admission-snapshot.ts';

/**
 * Seconds a client refused for too many unfinished runs is told to wait. A run's length is not
 * known in advance; a few seconds is about one model answer.
 */
export const concurrentRunsRetryAfterSeconds = 5;

/** The refusal of a client whose spend this month has reached its budget (`402 BUDGET_EXCEEDED`). */
export function budgetExceededError(snapshot: AdmissionSnapshot, month: string): AppError {
  return new AppError(
    'BUDGET_EXCEEDED',
    "This month's budget is spent: new runs are refused until next month or until the budget is raised",
    {
      context: {
        plan: snapshot.plan,
        month: month.slice(0, 7),
        budget_usd: Number(snapshot.monthlyBudgetUsd),
        spent_usd: Number(snapshot.spentUsd),
      },
    },
  );
}

/**
 * Counts one request against the client's requests-per-minute limit (runs started and tool-proxy
 * calls share it) and throws `429 QUOTA_EXCEEDED` with `retry_after` when over. The window is
 * this process's: with several processes each allows the limit (a shared limiter comes with Redis).
 */
export async function countRequest(
  deps: PlatformDeps,
  clientId: string,
  limit: number | null,
): Promise<void> {
  if (limit === null) return;
  const hit = await deps.rateLimiter.hit({ key: `requests:${clientId}`, limit, windowSeconds: 60 });
  if (!hit.allowed) {
    throw new AppError('QUOTA_EXCEEDED', `Too many requests: the limit is ${limit} per minute`, {
      context: { quota: 'requests_per_minute', limit, retry_after: hit.retryAfterSeconds },
    });
  }
}

/**
 * Reads the client's admission figures (one statement) and throws `402 BUDGET_EXCEEDED` when this
 * month's spend has reached its budget: the first step of admitting a run or a tool call.
 */
export async function readWithinBudget(
  deps: PlatformDeps,
  options: { tx: Transaction; clientId: string; countRuns: boolean },
): Promise<AdmissionSnapshot> {
  const month = monthStart(deps.clock());
  return withinBudget(await readAdmissionSnapshot(options.tx, { ...options, month }), month);
}

/** `snapshot`, or `402 BUDGET_EXCEEDED` when this month's spend has reached the budget. */
function withinBudget(snapshot: AdmissionSnapshot, month: string): AdmissionSnapshot {
  if (snapshot.budgetExceeded) throw budgetExceededError(snapshot, month);
  return snapshot;
}

/**
 * Admission of a new run, first thing in the transaction that creates it: refuses it when this
 * month's spend has reached the budget (`402 BUDGET_EXCEEDED`), when the client already has its
 * maximum of queued and running runs, or when it started too many runs this minute
 * (`429 QUOTA_EXCEEDED` with `retry_after`). One statement (see {@link readAdmissionSnapshot}),
 * plus the in-memory rate limiter.
 *
 * Spend counts what finished runs wrote to the ledger, so the run that takes spend past the
 * budget completes, and the next one is refused.
 */
export async function admitRun(
  deps: PlatformDeps,
  options: { tx: Transaction; clientId: string },
): Promise<void> {
  await sendAdmission(deps, options)();
}

/**
 * {@link admitRun} in two halves: its read is sent now (`sendAhead`, ADR 0079: the transaction's next
 * statements need not wait for its answer), and the function answered judges it when called. A caller that
 * throws before judging still has the read's failure reported by the transaction.
 */
export function sendAdmission(
  deps: PlatformDeps,
  options: { tx: Transaction; clientId: string },
): () => Promise<void> {
  const month = monthStart(deps.clock());
  // Only the read goes ahead: a caller that stops before judging (a missing team) has refused nothing.
  const read = sendAhead(
    options.tx,
    readAdmissionSnapshot(options.tx, { ...options, month, countRuns: true }),
  );
  return async () => judgeAdmission(deps, options.clientId, withinBudget(await read, month));
}

async function judgeAdmission(deps: PlatformDeps, clientId: string, snapshot: AdmissionSnapshot) {
  const limit = snapshot.maxConcurrentRuns;
  if (limit !== null && snapshot.activeRuns !== null && snapshot.activeRuns >= limit) {
    throw new AppError('QUOTA_EXCEEDED', `Too many runs at once: the limit is ${limit} queued or running`, {
      context: {
        quota: 'concurrent_runs',
        limit,
        active_runs: snapshot.activeRuns,
        retry_after: concurrentRunsRetryAfterSeconds,
      },
    });
  }
  await countRequest(deps, clientId, snapshot.requestsPerMinute);
}
