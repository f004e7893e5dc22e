import { notifications, type Transaction } from '@renum/db';
import { and, count, eq, inArray, sql } from 'drizzle-orm';

/** The `YYYY-MM-01` date of the UTC month `at` falls in (the month `client_monthly_spend` counts). */
export function utcMonth(at: Date): string {
  return `${at.toISOString().slice(0, 7)}-01`;
}

/**
 * The hourly budget check (seed 004 #4, ADR 0049), the one path of budget alerts: stores
 * `budget.warning` once this month's spend has reached 80% of the client's budget and `budget.exceeded`
 * at 100%, each once a month (the notification's dedup key is the month). It looks at the tick's month
 * and at the month of the hour before it, so the last hour of a month is checked at 00:00 of the next.
 * Runs in the client's transaction: only its spend and its notifications are read or written.
 */
export async function runBudgetCheck(
  tx: Transaction,
  options: { clientId: string; tickAt: Date },
): Promise<{ alerts_stored: number; months: string[] }> {
  const months = [
    ...new Set([utcMonth(new Date(options.tickAt.getTime() - 3_600_000)), utcMonth(options.tickAt)]),
  ];
  const before = await budgetAlertCount(tx, options.clientId);
  for (const month of months) {
    await tx.execute(
      sql`select renum_budget_alerts(s.client_id, s.month, s.spent_usd) from client_monthly_spend s
          where s.client_id = ${options.clientId}::uuid and s.month = ${month}::date`,
    );
  }
  const after = await budgetAlertCount(tx, options.clientId);
  return { alerts_stored: after - before, months };
}

async function budgetAlertCount(tx: Transaction, clientId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(notifications)
    .where(
      and(
        eq(notifications.client_id, clientId),
        inArray(notifications.kind, ['budget.warning', 'budget.exceeded']),
      ),
    );
  return row?.n ?? 0;
}
