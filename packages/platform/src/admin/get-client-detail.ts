import { type AdminClientDetail, AppError, isUuid } from '@renum/contracts';
import {
  agents,
  clients,
  memberships,
  notifications,
  type Transaction,
  users,
  withPlatform,
} from '@renum/db';
import { asc, desc, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { readClientLimits } from '../limits/client-limits-view.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { toWire } from '../wire.ts';

/** The client's last 30 UTC days, oldest first, each day present: spend from the ledger, runs, failures. */
async function usageDaily(tx: Transaction, clientId: string, now: Date) {
  const result = (await tx.execute(sql`
    with days as (
      select generate_series((${now.toISOString()}::timestamptz at time zone 'UTC')::date - 29,
        (${now.toISOString()}::timestamptz at time zone 'UTC')::date, interval '1 day')::date as day
    )
    select to_char(days.day, 'YYYY-MM-DD') as day,
      coalesce((select sum(cost_usd) from renum_ai_usage_logs u where u.client_id = ${clientId}
        and (u.created_at at time zone 'UTC')::date = days.day), 0)::text as cost_usd,
      (select count(*)::int from runs r where r.client_id = ${clientId}
        and (r.queued_at at time zone 'UTC')::date = days.day) as runs,
      (select count(*)::int from runs r where r.client_id = ${clientId} and r.status = 'failed'
        and (r.queued_at at time zone 'UTC')::date = days.day) as errors
    from days order by days.day
  `)) as unknown as { rows: Array<{ day: string; cost_usd: string; runs: number; errors: number }> };
  return result.rows.map((row) => ({
    day: row.day,
    cost_usd: Number(row.cost_usd),
    runs: Number(row.runs),
    errors: Number(row.errors),
  }));
}

async function readDetail(tx: Transaction, clientId: string, now: Date): Promise<AdminClientDetail> {
  const [client] = await tx.select().from(clients).where(eq(clients.id, clientId));
  if (!client)
    throw new AppError('CLIENT_NOT_FOUND', 'Client not found', { context: { client_id: clientId } });
  const members = await tx
    .select({
      user_id: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      created_at: memberships.created_at,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.user_id))
    .where(eq(memberships.client_id, clientId))
    .orderBy(asc(memberships.created_at));
  const agentRows = await tx
    .select({ id: agents.id, name: agents.name, model: agents.model, created_at: agents.created_at })
    .from(agents)
    .where(eq(agents.client_id, clientId))
    .orderBy(desc(agents.id))
    .limit(200);
  const notes = await tx
    .select({
      id: notifications.id,
      kind: notifications.kind,
      payload: notifications.payload,
      created_at: notifications.created_at,
      read_at: notifications.read_at,
    })
    .from(notifications)
    .where(eq(notifications.client_id, clientId))
    .orderBy(desc(notifications.created_at))
    .limit(20);
  return {
    client: toWire(client),
    limits: await readClientLimits(tx, { clientId, now }),
    members: members.map(toWire),
    agents: agentRows.map(toWire),
    usage_daily: await usageDaily(tx, clientId, now),
    notifications: notes.map(toWire),
  };
}

/**
 * A client's page in the console: the client, its limits and spend, members, agents, 30 days of usage
 * and its latest notifications (platform admins only; audited as `admin.clients.read`).
 */
export async function getClientDetail(
  deps: PlatformDeps,
  options: { principal: Principal; clientId: string },
): Promise<AdminClientDetail> {
  requirePlatformAdmin(options.principal);
  if (!isUuid(options.clientId))
    throw new AppError('CLIENT_NOT_FOUND', 'Client not found', { context: { client_id: options.clientId } });
  return withPlatform(deps.db, async (tx) => {
    const detail = await readDetail(tx, options.clientId, deps.clock());
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'admin.clients.read',
        targetType: 'client',
        targetId: options.clientId,
        clientId: options.clientId,
      },
    });
    return detail;
  });
}
