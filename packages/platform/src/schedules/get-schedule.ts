import { withClient } from '@renum/db';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { loadSchedule } from './schedule-id.ts';
import { scheduleToWire } from './schedule-wire.ts';

/** One schedule of the caller's client with its next five fire times; another client's is 404. */
export async function getSchedule(deps: PlatformDeps, options: { principal: Principal; scheduleId: string }) {
  const { clientId } = requireClient(options.principal);
  const row = await withClient(deps.db, clientId, (tx) => loadSchedule(tx, options.scheduleId));
  return scheduleToWire(row, deps.clock());
}
