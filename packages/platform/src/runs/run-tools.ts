import { type Database, withClient } from '@renum/db';
import { createBuiltinTools, defineTool, type ToolDefinition } from '@renum/runtime';
import { createProxyToolDefinitions, type ToolCatalog, type ToolProxy } from '@renum/tools';
import { z } from 'zod';
import { recallFacts } from '../memory/recall-facts.ts';
import { rememberFact } from '../memory/remember-fact.ts';
import type { RunContext } from './run-context.ts';

/** The built-in tools hold no state, so every run shares one set. */
const builtins = createBuiltinTools();

/**
 * The tools of a run: exactly the agent's enabled tools (built-ins are opt-in like every other tool,
 * ADR 0034), plus `remember` and `recall` when the conversation has a contact (facts are stored and read for this contact and agent only; relevant ones are also
 * recalled into the prompt automatically).
 */
export function runTools(options: {
  db: Database;
  context: RunContext;
  newId: () => string;
  outbound?: { proxy: ToolProxy; catalog: ToolCatalog } | undefined;
}): ToolDefinition[] {
  const { context } = options;
  const enabled = context.agent.tools;
  const tools: ToolDefinition[] = builtins.filter((tool) =>
    enabled.some((entry) => entry.name === tool.name),
  );
  const outboundEnabled = enabled.filter((entry) => options.outbound?.catalog.has(entry.name));
  if (options.outbound && outboundEnabled.length > 0) {
    const definitions = createProxyToolDefinitions({
      proxy: options.outbound.proxy,
      catalog: options.outbound.catalog,
      scope: { clientId: context.run.client_id, agentId: context.agent.id, runId: context.run.id },
      enabled: outboundEnabled.map((entry) => ({ name: entry.name, options: entry.options ?? {} })),
    });
    tools.push(...(definitions as unknown as ToolDefinition[]));
  }
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
