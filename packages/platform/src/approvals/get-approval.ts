import { withClient } from '@renum/db';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { loadApproval } from './approval-id.ts';
import { approvalToWire } from './approval-wire.ts';

/** One approval request of the caller's client; another client's is 404. */
export async function getApproval(deps: PlatformDeps, options: { principal: Principal; approvalId: string }) {
  const { clientId } = requireClient(options.principal);
  return approvalToWire(await withClient(deps.db, clientId, (tx) => loadApproval(tx, options.approvalId)));
}
