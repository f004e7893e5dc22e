import { AppError } from '@renum/contracts';
import type { Transaction } from '@renum/db';
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
  const snapshot = await readAdmissionSnapshot(options.tx, { ...options, month });
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
 * {@link admitRun} in two halves: its read is sent now, and the function answered judges it when called
 * (ADR 0079: the transaction's next statements need not wait for the read's answer). The read's failure is
 * the judgment's; a caller that throws before judging leaves it unobserved, as the transaction rolls back.
 */
export function sendAdmission(
  deps: PlatformDeps,
  options: { tx: Transaction; clientId: string },
): () => Promise<void> {
  const read = readWithinBudget(deps, { ...options, countRuns: true });
  read.catch(() => {});
  return async () => judgeAdmission(deps, options.clientId, await read);
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
