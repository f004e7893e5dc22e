import { withClient } from '@renum/db';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { conversationToWire, loadConversation } from './conversation-id.ts';

/** One conversation of the caller's client. */
export async function getConversation(
  deps: PlatformDeps,
  options: { principal: Principal; conversationId: string },
) {
  const { clientId } = requireClient(options.principal);
  return withClient(deps.db, clientId, async (tx) =>
    conversationToWire(await loadConversation(tx, options.conversationId)),
  );
}
