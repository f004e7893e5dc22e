import { type Database, withClient } from '@renum/db';
import { createBuiltinTools, defineTool, type ToolDefinition } from '@renum/runtime';
import { z } from 'zod';
import { recallFacts } from '../memory/recall-facts.ts';
import { rememberFact } from '../memory/remember-fact.ts';
import type { RunContext } from './run-context.ts';

/**
 * The tools of a run: the built-ins, plus `remember` and `recall` when the conversation has a
 * contact (facts are stored and read for this contact and agent only; relevant ones are also
 * recalled into the prompt automatically).
 */
export function runTools(options: {
  db: Database;
  context: RunContext;
  newId: () => string;
}): ToolDefinition[] {
  const { context } = options;
  const tools: ToolDefinition[] = [...createBuiltinTools()];
  const contactId = context.conversation.contact_id;
  if (contactId) {
    tools.push(
      defineTool({
        name: 'remember',
        description:
          'Remember a lasting fact about the person you are talking with, for future conversations.',
        inputSchema: z.object({ fact: z.string().min(1).max(1000) }),
        execute: async ({ fact }) => {
          const stored = await withClient(options.db, context.run.client_id, (tx) =>
            rememberFact(tx, {
              id: options.newId(),
              clientId: context.run.client_id,
              agentId: context.agent.id,
              contactId,
              fact,
              conversationId: context.conversation.id,
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
          const facts = await withClient(options.db, context.run.client_id, (tx) =>
            recallFacts(tx, { agentId: context.agent.id, contactId, query, limit: 20 }),
          );
          return { facts: facts.map((fact) => fact.content) };
        },
      }) as unknown as ToolDefinition,
    );
  }
  return tools;
}
