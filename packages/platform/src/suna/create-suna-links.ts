import { sunaAgents, sunaThreads, withClient } from '@renum/db';
import type { SunaLinks, SunaScope } from '@renum/runtime';
import { eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';

function scopeIds(scope: SunaScope): {
  clientId: string;
  agentId: string;
  conversationId: string | undefined;
} {
  const { clientId, agentId, conversationId } = scope;
  if (typeof clientId !== 'string' || typeof agentId !== 'string') {
    throw new Error('A Suna run needs its client and agent in the run metadata');
  }
  return {
    clientId,
    agentId,
    conversationId: typeof conversationId === 'string' ? conversationId : undefined,
  };
}

function answererOf(scope: SunaScope, agentId: string): string {
  return typeof scope.subAgentId === 'string' ? scope.subAgentId : agentId;
}

/**
 * The `suna` executor's memory in the platform's database (migration 0018), each read and write in the
 * run's client scope: the Suna thread of a conversation and the Suna agent of an agent or sub-agent.
 * A second writer of the same conversation or answerer keeps the first row (`on conflict do nothing`).
 */
export function createSunaLinks(deps: Pick<PlatformDeps, 'db'>): SunaLinks {
  return {
    findThread: async (scope) => {
      const { clientId, conversationId } = scopeIds(scope);
      if (!conversationId) return null;
      const [row] = await withClient(deps.db, clientId, (tx) =>
        tx
          .select({ id: sunaThreads.thread_id })
          .from(sunaThreads)
          .where(eq(sunaThreads.conversation_id, conversationId)),
      );
      return row?.id ?? null;
    },
    saveThread: async (scope, threadId) => {
      const { clientId, conversationId } = scopeIds(scope);
      if (!conversationId) return;
      await withClient(deps.db, clientId, (tx) =>
        tx
          .insert(sunaThreads)
          .values({ conversation_id: conversationId, client_id: clientId, thread_id: threadId })
          .onConflictDoUpdate({ target: sunaThreads.conversation_id, set: { thread_id: threadId } }),
      );
    },
    findAgent: async (scope) => {
      const { clientId, agentId } = scopeIds(scope);
      const [row] = await withClient(deps.db, clientId, (tx) =>
        tx
          .select({ id: sunaAgents.suna_agent_id })
          .from(sunaAgents)
          .where(eq(sunaAgents.answerer_id, answererOf(scope, agentId))),
      );
      return row?.id ?? null;
    },
    saveAgent: async (scope, sunaAgentId) => {
      const { clientId, agentId } = scopeIds(scope);
      await withClient(deps.db, clientId, (tx) =>
        tx
          .insert(sunaAgents)
          .values({
            answerer_id: answererOf(scope, agentId),
            client_id: clientId,
            agent_id: agentId,
            suna_agent_id: sunaAgentId,
          })
          .onConflictDoUpdate({ target: sunaAgents.answerer_id, set: { suna_agent_id: sunaAgentId } }),
      );
    },
  };
}
