import type { Plan, PlanVersion } from '@renum/contracts';
import type { plans, planVersions } from '@renum/db';

type PlanRow = typeof plans.$inferSelect;
type VersionRow = typeof planVersions.$inferSelect;

const money = (value: string | null) => (value === null ? null : Number(value));

/** A stored plan on the wire, with how many clients are on it. */
export function planToWire(row: PlanRow, clients: number): Plan {
  return {
    name: row.name,
    description: row.description,
    monthly_budget_usd: money(row.monthly_budget_usd),
    requests_per_minute: row.requests_per_minute,
    max_concurrent_runs: row.max_concurrent_runs,
    version: row.version,
    retired_at: row.retired_at ? row.retired_at.toISOString() : null,
    clients,
    updated_at: row.updated_at.toISOString(),
  };
}

/** One stored version of a plan on the wire. */
export function planVersionToWire(row: VersionRow): PlanVersion {
  return {
    plan: row.plan,
    version: row.version,
    description: row.description,
    monthly_budget_usd: money(row.monthly_budget_usd),
    requests_per_minute: row.requests_per_minute,
    max_concurrent_runs: row.max_concurrent_runs,
    retired: row.retired,
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
  };
}
