import type { ListApprovalsQuery } from '@renum/contracts';
import { approvalRequests, withClient } from '@renum/db';
import { and, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { cursorId, toPage } from '../wire.ts';
import { approvalToWire } from './approval-wire.ts';

/** The client's approval inbox, newest first: pending, decided (approved or rejected), by agent, conversation or tool. */
export async function listApprovals(
  deps: PlatformDeps,
  options: { principal: Principal; query: ListApprovalsQuery },
) {
  const { clientId } = requireClient(options.principal);
  const { query } = options;
  const conditions: SQL[] = [];
  if (query.status === 'decided') conditions.push(inArray(approvalRequests.status, ['approved', 'rejected']));
  else if (query.status) conditions.push(eq(approvalRequests.status, query.status));
  if (query.agent_id) conditions.push(eq(approvalRequests.agent_id, query.agent_id.toLowerCase()));
  if (query.conversation_id)
    conditions.push(eq(approvalRequests.conversation_id, query.conversation_id.toLowerCase()));
  if (query.tool) conditions.push(eq(approvalRequests.tool, query.tool));
  const after = cursorId(query.cursor);
  if (after) conditions.push(lt(approvalRequests.id, after));
  const rows = await withClient(deps.db, clientId, (tx) =>
    tx
      .select()
      .from(approvalRequests)
      .where(and(...conditions))
      .orderBy(desc(approvalRequests.id))
      .limit(query.limit + 1),
  );
  return toPage(rows, query.limit, approvalToWire);
}
