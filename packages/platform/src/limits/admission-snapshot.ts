import { AppError } from '@renum/contracts';
import type { Transaction } from '@renum/db';
import { sql } from 'drizzle-orm';

/** A client's effective limits and this month's spend, as admission reads them in one call. */
export interface AdmissionSnapshot {
  plan: string;
  /** USD as exact decimal text; null when the client has no budget. */
  monthlyBudgetUsd: string | null;
  requestsPerMinute: number | null;
  maxConcurrentRuns: number | null;
  /** USD spent this month as exact decimal text. */
  spentUsd: string;
  /** Spend has reached the budget (compared in SQL, exactly). */
  budgetExceeded: boolean;
  /** Unfinished runs; counted only when asked for and the client has a concurrency limit. */
  activeRuns: number | null;
}

interface AdmissionRow extends Record<string, unknown> {
  plan: string;
  monthly_budget_usd: string | null;
  requests_per_minute: number | null;
  max_concurrent_runs: number | null;
  spent_usd: string;
  budget_exceeded: boolean;
  active_runs: number | null;
}

/** First day of the UTC calendar month of `date`, as `YYYY-MM-DD` (the spend counter's key). */
export function monthStart(date: Date): string {
  return `${date.toISOString().slice(0, 7)}-01`;
}

/**
 * Reads a client's admission figures with ONE statement (`renum_run_admission`, migration 0006).
 * With `countRuns`, a client that has a concurrency limit is locked for admission until `tx` ends,
 * so simultaneous sends count each other's runs. Throws CLIENT_NOT_FOUND when the client is not
 * visible in `tx`.
 */
export async function readAdmissionSnapshot(
  tx: Transaction,
  options: { clientId: string; month: string; countRuns: boolean },
): Promise<AdmissionSnapshot> {
  const result = (await tx.execute(
    sql`select * from renum_run_admission(${options.clientId}::uuid, ${options.month}::date, ${options.countRuns})`,
  )) as unknown as { rows: AdmissionRow[] };
  const row = result.rows[0];
  if (!row)
    throw new AppError('CLIENT_NOT_FOUND', 'Client not found', { context: { client_id: options.clientId } });
  return {
    plan: row.plan,
    monthlyBudgetUsd: row.monthly_budget_usd,
    requestsPerMinute: row.requests_per_minute,
    maxConcurrentRuns: row.max_concurrent_runs,
    spentUsd: row.spent_usd,
    budgetExceeded: row.budget_exceeded,
    activeRuns: row.active_runs,
  };
}
