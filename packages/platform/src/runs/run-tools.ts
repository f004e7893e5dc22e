import type { Database } from '@renum/db';
import { createBuiltinTools, type ToolDefinition } from '@renum/runtime';
import {
  createProxyToolDefinitions,
  type ToolCallRecord,
  type ToolCatalog,
  type ToolProxy,
} from '@renum/tools';
import { memoryTools } from '../memory/memory-tools.ts';
import type { RunContext } from './run-context.ts';

/** The built-in tools hold no state, so every run shares one set. */
const builtins = createBuiltinTools();

/** Tools that run inside Renum (built-ins and the contact's memory), whose calls no proxy meters. */
const localToolNames = new Set([...builtins.map((tool) => tool.name), 'remember', 'recall']);

/**
 * True for a tool that runs in Renum rather than through the tool proxy: the run's settlement writes its
 * ledger row (the proxy writes the others), so usage by tool counts every call once.
 */
export function isLocalTool(name: string): boolean {
  return localToolNames.has(name);
}

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
  /**
   * Takes each proxied call's ledger record (the run's event writer, which stores it with the call's
   * `tool_result`, ADR 0075). Without it the proxy's own recorder stores it before the call answers.
   */
  meter?: ((record: ToolCallRecord, toolCallId: string) => void) | undefined;
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
      ...(options.meter ? { report: options.meter } : {}),
    });
    tools.push(...(definitions as unknown as ToolDefinition[]));
  }
  const contactId = context.conversation.contact_id;
  if (contactId) {
    tools.push(
      ...memoryTools(options, {
        clientId: context.run.client_id,
        agentId: context.agent.id,
        contactId,
        conversationId: context.conversation.id,
      }),
    );
  }
  return tools;
}
