import type { AdminClientListQuery, AdminClientSummary } from '@renum/contracts';
import {
  agents,
  clientLimits,
  clientMonthlySpend,
  clients,
  memberships,
  plans,
  runs,
  withPlatform,
} from '@renum/db';
import { and, desc, eq, ilike, lt, or, type SQL, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { monthStart } from '../limits/admission-snapshot.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { cursorId, escapeLike, toPage, toWire } from '../wire.ts';

const money = (value: string | null) => (value === null ? null : Number(value));

/**
 * Every client, newest first, with what the console's list shows: members, agents, this month's spend
 * against its budget, and its runs and failed runs of the last 24 h (platform admins only; audited).
 * `q` searches the name and slug, `status` filters.
 */
export async function listClients(
  deps: PlatformDeps,
  options: { principal: Principal; query: AdminClientListQuery },
) {
  requirePlatformAdmin(options.principal);
  const { query } = options;
  const now = deps.clock();
  const since = new Date(now.getTime() - 24 * 3600_000).toISOString();
  const conditions: SQL[] = [];
  const after = cursorId(query.cursor);
  if (after) conditions.push(lt(clients.id, after));
  if (query.status) conditions.push(eq(clients.status, query.status));
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    conditions.push(or(ilike(clients.name, pattern), ilike(clients.slug, pattern))!);
  }
  return withPlatform(deps.db, async (tx) => {
    const rows = await tx
      .select({
        client: clients,
        members: sql<number>`(select count(*)::int from ${memberships} where ${memberships.client_id} = ${clients.id})`,
        agents: sql<number>`(select count(*)::int from ${agents} where ${agents.client_id} = ${clients.id})`,
        spent: sql<string>`coalesce((select ${clientMonthlySpend.spent_usd} from ${clientMonthlySpend}
          where ${clientMonthlySpend.client_id} = ${clients.id} and ${clientMonthlySpend.month} = ${monthStart(now)}::date), 0)::text`,
        budget: sql<
          string | null
        >`coalesce(${clientLimits.monthly_budget_usd}, ${plans.monthly_budget_usd})::text`,
        runs24: sql<number>`(select count(*)::int from ${runs} where ${runs.client_id} = ${clients.id}
          and ${runs.queued_at} >= ${since}::timestamptz)`,
        errors24: sql<number>`(select count(*)::int from ${runs} where ${runs.client_id} = ${clients.id}
          and ${runs.queued_at} >= ${since}::timestamptz and ${runs.status} = 'failed')`,
      })
      .from(clients)
      .leftJoin(plans, eq(plans.name, clients.plan))
      .leftJoin(clientLimits, eq(clientLimits.client_id, clients.id))
      .where(and(...conditions))
      .orderBy(desc(clients.id))
      .limit(query.limit + 1);
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: { action: 'admin.clients.list', targetType: 'client', clientId: null },
    });
    return toPage(
      rows.map((row) => ({ ...row, id: row.client.id })),
      query.limit,
      (row): AdminClientSummary => ({
        ...toWire(row.client),
        members: Number(row.members),
        agents: Number(row.agents),
        spent_usd: Number(row.spent),
        monthly_budget_usd: money(row.budget),
        runs_24h: Number(row.runs24),
        errors_24h: Number(row.errors24),
      }),
    );
  });
}
