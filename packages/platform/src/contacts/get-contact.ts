import { withClient } from '@renum/db';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { toWire } from '../wire.ts';
import { loadContact } from './contact-id.ts';

/** One contact of the caller's client. */
export async function getContact(deps: PlatformDeps, options: { principal: Principal; contactId: string }) {
  const { clientId } = requireClient(options.principal);
  return withClient(deps.db, clientId, async (tx) => toWire(await loadContact(tx, options.contactId)));
}
