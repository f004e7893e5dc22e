import { AppError, type Plan } from '@renum/contracts';
import { clients, plans, planVersions, type Transaction } from '@renum/db';
import { count, eq, sql } from 'drizzle-orm';
import { planToWire } from './plan-wire.ts';

type PlanRow = typeof plans.$inferSelect;

/** A plan's values as stored (numeric budget as text). */
export interface PlanValues {
  description: string;
  monthly_budget_usd: number | null;
  requests_per_minute: number | null;
  max_concurrent_runs: number | null;
}

/** Serialises writes to plans: each check of base_version and the write after it are one step. */
export async function lockPlans(tx: Transaction): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('renum.plans'))`);
}

/** The plan named `name`, or `404 PLAN_NOT_FOUND`. */
export async function planOrThrow(tx: Transaction, name: string): Promise<PlanRow> {
  const [row] = await tx.select().from(plans).where(eq(plans.name, name));
  if (!row) throw new AppError('PLAN_NOT_FOUND', `No plan is named "${name}"`, { context: { plan: name } });
  return row;
}

/** `409 CONFLICT` (with the version in force) when the plan changed since the admin read it. */
export function assertBaseVersion(row: PlanRow, baseVersion: number): void {
  if (row.version === baseVersion) return;
  throw new AppError('CONFLICT', `The plan "${row.name}" changed since it was read; reload it`, {
    context: { plan: row.name, version: row.version },
  });
}

/** How many clients are on the plan now. */
export async function clientsOnPlan(tx: Transaction, name: string): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(clients).where(eq(clients.plan, name));
  return row?.n ?? 0;
}

/** Appends the plan's row as it now is to its history (plan_versions, append-only). */
export async function appendPlanVersion(
  tx: Transaction,
  row: PlanRow,
  createdBy: string | null,
): Promise<void> {
  await tx.insert(planVersions).values({
    plan: row.name,
    version: row.version,
    description: row.description,
    monthly_budget_usd: row.monthly_budget_usd,
    requests_per_minute: row.requests_per_minute,
    max_concurrent_runs: row.max_concurrent_runs,
    retired: row.retired_at !== null,
    created_by: createdBy,
    created_at: row.updated_at,
  });
}

/** The stored columns of a plan's values. */
export function storedValues(values: PlanValues) {
  return {
    description: values.description,
    monthly_budget_usd: values.monthly_budget_usd === null ? null : String(values.monthly_budget_usd),
    requests_per_minute: values.requests_per_minute,
    max_concurrent_runs: values.max_concurrent_runs,
  };
}

/** The plan on the wire, with its client count read in the same transaction. */
export async function planView(tx: Transaction, row: PlanRow): Promise<Plan> {
  return planToWire(row, await clientsOnPlan(tx, row.name));
}

/** The plan on the wire with a client count already read. */
export const planToWireOf = planToWire;

/** The names of the values an edit changes on a stored plan, for the audit entry. */
export function changedPlanFields(before: PlanRow, values: PlanValues): string[] {
  const money = (value: string | null) => (value === null ? null : Number(value));
  const pairs: Array<[string, unknown, unknown]> = [
    ['description', before.description, values.description],
    ['monthly_budget_usd', money(before.monthly_budget_usd), values.monthly_budget_usd],
    ['requests_per_minute', before.requests_per_minute, values.requests_per_minute],
    ['max_concurrent_runs', before.max_concurrent_runs, values.max_concurrent_runs],
  ];
  return pairs.filter(([, a, b]) => a !== b).map(([name]) => name);
}
