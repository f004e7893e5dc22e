import { notifications, type Transaction } from '@renum/db';
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { announceStored, type NotificationSink } from '../../notifications/notification-feed.ts';

/** The `YYYY-MM-01` date of the UTC month `at` falls in (the month `client_monthly_spend` counts). */
export function utcMonth(at: Date): string {
  return `${at.toISOString().slice(0, 7)}-01`;
}

/**
 * The hourly budget check (seed 004 #4, ADR 0049), the one path of budget alerts: stores
 * `budget.warning` once this month's spend has reached 80% of the client's budget and `budget.exceeded`
 * at 100%, each once a month (the notification's dedup key is the month). It looks at the tick's month
 * and at the month of the hour before it, so the last hour of a month is checked at 00:00 of the next.
 * Runs in the client's transaction: only its spend and its notifications are read or written. The alerts
 * it stored are announced once that transaction committed (ADR 0061).
 */
export async function runBudgetCheck(
  tx: Transaction,
  options: { clientId: string; tickAt: Date; notifications?: NotificationSink | undefined },
): Promise<{ alerts_stored: number; months: string[] }> {
  const months = [
    ...new Set([utcMonth(new Date(options.tickAt.getTime() - 3_600_000)), utcMonth(options.tickAt)]),
  ];
  const before = await budgetAlertIds(tx, options.clientId, months);
  for (const month of months) {
    await tx.execute(
      sql`select renum_budget_alerts(s.client_id, s.month, s.spent_usd) from client_monthly_spend s
          where s.client_id = ${options.clientId}::uuid and s.month = ${month}::date`,
    );
  }
  const stored = await tx
    .select()
    .from(notifications)
    .where(
      and(
        budgetAlertsOf(options.clientId, months),
        before.length > 0 ? notInArray(notifications.id, before) : undefined,
      ),
    );
  announceStored(tx, options.notifications ?? {}, stored);
  return { alerts_stored: stored.length, months };
}

/** The client's budget alerts of these months (`YYYY-MM-01`; their dedup key is `YYYY-MM`). */
const budgetAlertsOf = (clientId: string, months: string[]) =>
  and(
    eq(notifications.client_id, clientId),
    inArray(notifications.kind, ['budget.warning', 'budget.exceeded']),
    inArray(
      notifications.dedup_key,
      months.map((month) => month.slice(0, 7)),
    ),
  );

async function budgetAlertIds(tx: Transaction, clientId: string, months: string[]): Promise<string[]> {
  const rows = await tx
    .select({ id: notifications.id })
    .from(notifications)
    .where(budgetAlertsOf(clientId, months));
  return rows.map((row) => row.id);
}
