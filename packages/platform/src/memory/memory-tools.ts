import { type Database, withClient } from '@renum/db';
import { defineTool, type ToolDefinition } from '@renum/runtime';
import { z } from 'zod';
import { recallFacts } from './recall-facts.ts';
import { rememberFact } from './remember-fact.ts';

/** Whose memory the tools read and write: one contact of one agent, in its client. */
export interface MemoryToolScope {
  clientId: string;
  agentId: string;
  contactId: string;
  conversationId: string | null;
}

/**
 * `remember` and `recall` for one contact and agent (facts stored and read in the client's scope only):
 * what a run gets when its conversation has a contact, on the built-in executor and over MCP alike.
 */
export function memoryTools(
  deps: { db: Database; newId: () => string },
  scope: MemoryToolScope,
): ToolDefinition[] {
  return [
    defineTool({
      name: 'remember',
      description: 'Remember a lasting fact about the person you are talking with, for future conversations.',
      inputSchema: z.object({ fact: z.string().min(1).max(1000) }),
      execute: async ({ fact }) => {
        const stored = await withClient(deps.db, scope.clientId, (tx) =>
          rememberFact(tx, {
            id: deps.newId(),
            clientId: scope.clientId,
            agentId: scope.agentId,
            contactId: scope.contactId,
            fact,
            conversationId: scope.conversationId,
          }),
        );
        return { remembered: fact, new: stored.created };
      },
    }) as unknown as ToolDefinition,
    defineTool({
      name: 'recall',
      description: 'Look up what you remember about the person you are talking with.',
      inputSchema: z.object({ query: z.string().max(500).optional() }),
      execute: async ({ query }) => {
        const facts = await withClient(deps.db, scope.clientId, (tx) =>
          recallFacts(tx, { agentId: scope.agentId, contactId: scope.contactId, query, limit: 20 }),
        );
        return { facts: facts.map((fact) => fact.content) };
      },
    }) as unknown as ToolDefinition,
  ];
}
