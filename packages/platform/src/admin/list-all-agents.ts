import type { PageQuery } from '@renum/contracts';
import { agents, withPlatform } from '@renum/db';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { agentToWire } from '../agents/agent-tools.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { cursorId, toPage } from '../wire.ts';

/** Agents across every client, optionally of one client (platform admins only; audited). */
export async function listAllAgents(
  deps: PlatformDeps,
  options: { principal: Principal; query: PageQuery & { client_id?: string | undefined } },
) {
  requirePlatformAdmin(options.principal);
  const conditions: SQL[] = [];
  if (options.query.client_id) conditions.push(eq(agents.client_id, options.query.client_id));
  const after = cursorId(options.query.cursor);
  if (after) conditions.push(lt(agents.id, after));
  return withPlatform(deps.db, async (tx) => {
    const rows = await tx
      .select()
      .from(agents)
      .where(and(...conditions))
      .orderBy(desc(agents.id))
      .limit(options.query.limit + 1);
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: { action: 'admin.agents.list', targetType: 'agent', clientId: null },
    });
    return toPage(rows, options.query.limit, agentToWire);
  });
}
