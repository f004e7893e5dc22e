import { AppError, type ToolProxyResult } from '@renum/contracts';
import { withClient } from '@renum/db';
import type { ProxyTool, ToolCatalog, ToolProxy } from '@renum/tools';
import { admitToolCall } from '../limits/admit-tool-call.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { callThroughProxy, enabledOutboundTool, outboundToolsOf } from '../tool-proxy/outbound-tools.ts';
import { callMcpBuiltin, mcpBuiltinToolsOf } from './mcp-builtin-tools.ts';
import type { McpScope } from './mcp-scope.ts';

/** The process's tool proxy and catalog, the same the built-in executor uses. */
export interface McpToolDeps {
  proxy: ToolProxy;
  catalog: ToolCatalog;
}

/**
 * The outbound tools an MCP session exposes: the agent's enabled tools the catalog knows (`web_search`,
 * `web_scrape`, `whatsapp_send_message`, its HTTP tools), built with the agent's options. The built-ins
 * are served beside them by {@link listMcpTools} and {@link callMcpTool}.
 * @throws AppError `TOOL_NOT_ENABLED` when the agent's tool options are misconfigured
 */
export function mcpToolsOf(catalog: ToolCatalog, scope: Pick<McpScope, 'tools'>): ProxyTool[] {
  return outboundToolsOf(catalog, scope.tools);
}

/** What `tools/list` answers: the agent's outbound tools, then its built-ins (see {@link mcpBuiltinToolsOf}). */
export function listMcpTools(
  deps: Pick<PlatformDeps, 'db' | 'newId'>,
  tools: McpToolDeps | undefined,
  scope: McpScope,
): Array<{ name: string; description: string; inputSchema: unknown }> {
  return [...(tools ? mcpToolsOf(tools.catalog, scope) : []), ...mcpBuiltinToolsOf(deps, scope)];
}

function invalidArguments(tool: string, error: { issues: Array<{ path: PropertyKey[]; message: string }> }) {
  const issue = error.issues[0];
  return new AppError(
    'VALIDATION_ERROR',
    `Invalid ${issue?.path.join('.') || 'arguments'}: ${issue?.message ?? 'invalid'}`,
    { context: { tool } },
  );
}

/**
 * One MCP `tools/call`. A built-in (`calculator`, `current_time`, `remember`, `recall`) is validated,
 * admitted and run here, metered as a `builtin` tool call. An outbound tool: admits it (the client's budget and requests per minute), validates the arguments
 * against the tool's schema, then calls the SAME proxy as every other tool call, so the credential is
 * resolved and injected only in the outbound request, the egress guard, resilience and cache apply, and
 * the call is metered to the scope's client (and run). The tool's own failure is a result with `is_error`.
 * @throws AppError `TOOL_NOT_ENABLED`, `VALIDATION_ERROR`, `BUDGET_EXCEEDED`, `QUOTA_EXCEEDED`
 */
export async function callMcpTool(
  deps: PlatformDeps,
  options: {
    scope: McpScope;
    tools: McpToolDeps | undefined;
    toolName: string;
    input: unknown;
    signal?: AbortSignal;
  },
): Promise<ToolProxyResult> {
  const { scope } = options;
  const builtin = mcpBuiltinToolsOf(deps, scope).find((candidate) => candidate.name === options.toolName);
  if (builtin) {
    const parsed = builtin.inputSchema.safeParse(options.input ?? {});
    if (!parsed.success) throw invalidArguments(builtin.name, parsed.error);
    await withClient(deps.db, scope.clientId, (tx) => admitToolCall(deps, { tx, clientId: scope.clientId }));
    return callMcpBuiltin(deps, { scope, tool: builtin, input: parsed.data, signal: options.signal });
  }
  if (!options.tools) {
    throw new AppError('TOOL_NOT_ENABLED', `The tool ${options.toolName} is not enabled on this agent`, {
      context: { tool: options.toolName },
    });
  }
  const tool = enabledOutboundTool(options.tools.catalog, scope.tools, options.toolName);
  const parsed = tool.inputSchema.safeParse(options.input ?? {});
  if (!parsed.success) throw invalidArguments(tool.name, parsed.error);
  await withClient(deps.db, scope.clientId, (tx) => admitToolCall(deps, { tx, clientId: scope.clientId }));
  return callThroughProxy(options.tools.proxy, {
    clientId: scope.clientId,
    agentId: scope.agentId,
    runId: scope.runId,
    tool,
    input: options.input ?? {},
    signal: options.signal,
  });
}
