import type { ToolProxyResult } from '@renum/contracts';
import { createBuiltinTools, type ToolDefinition } from '@renum/runtime';
import { memoryTools } from '../memory/memory-tools.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { recordToolCall } from '../runs/record-tool-calls.ts';
import type { McpScope } from './mcp-scope.ts';

/** Stateless built-ins (`calculator`, `current_time`): one set for every session. */
const builtins = createBuiltinTools();

/**
 * The built-in tools an MCP session serves, as a run on the built-in executor gets them: the agent's
 * enabled built-ins (opt-in, ADR 0034), and `remember`/`recall` when the scope is a run whose
 * conversation has a contact (an API-key session has no contact, so no memory tools).
 */
export function mcpBuiltinToolsOf(
  deps: Pick<PlatformDeps, 'db' | 'newId'>,
  scope: McpScope,
): ToolDefinition[] {
  const tools = builtins.filter((tool) => scope.tools.some((entry) => entry.name === tool.name));
  if (scope.contactId) {
    tools.push(
      ...memoryTools(deps, {
        clientId: scope.clientId,
        agentId: scope.agentId,
        contactId: scope.contactId,
        conversationId: scope.conversationId ?? null,
      }),
    );
  }
  return tools;
}

/**
 * One call of a built-in over MCP, run in this process in the scope's client and metered like a proxied
 * call (a `tool` row in the ledger, service `builtin`, no credential, no cost). A thrown error (bad
 * arithmetic, say; code `INVALID_INPUT`) is the tool's failure: a result with `is_error`, as the built-in executor shows it.
 */
export async function callMcpBuiltin(
  deps: PlatformDeps,
  options: { scope: McpScope; tool: ToolDefinition; input: unknown; signal?: AbortSignal | undefined },
): Promise<ToolProxyResult> {
  const { scope, tool } = options;
  const started = performance.now();
  let result: unknown;
  let failed = false;
  try {
    result = await tool.execute(options.input, {
      toolCallId: `mcp-${deps.newId()}`,
      ...(options.signal ? { abortSignal: options.signal } : {}),
      clientId: scope.clientId,
      agentId: scope.agentId,
      ...(scope.runId ? { runId: scope.runId } : {}),
      ...(scope.conversationId ? { conversationId: scope.conversationId } : {}),
      ...(scope.contactId ? { contactId: scope.contactId } : {}),
    });
  } catch (error) {
    failed = true;
    result = { error: (error as Error).message };
  }
  const durationMs = performance.now() - started;
  const record = {
    clientId: scope.clientId,
    agentId: scope.agentId,
    runId: scope.runId,
    tool: tool.name,
    service: 'builtin',
    credentialId: null,
    status: failed ? ('error' as const) : ('ok' as const),
    ...(failed ? { errorCode: 'INVALID_INPUT' as const } : {}),
    attempts: 1,
    durationMs,
    bytes: 0,
    cached: false,
    units: failed ? 0 : 1,
    costUsd: 0,
  };
  await recordToolCall(deps, record, deps.clock());
  return {
    tool: tool.name,
    result,
    is_error: failed,
    error_code: failed ? 'INVALID_INPUT' : null,
    attempts: 1,
    duration_ms: Math.round(durationMs),
    cached: false,
  };
}
