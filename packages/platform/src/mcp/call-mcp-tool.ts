import { AppError, type ToolProxyResult } from '@renum/contracts';
import { withClient } from '@renum/db';
import type { ProxyTool, ToolCatalog, ToolProxy } from '@renum/tools';
import { admitToolCall } from '../limits/admit-tool-call.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { McpScope } from './mcp-scope.ts';

/** The process's tool proxy and catalog, the same the built-in executor uses. */
export interface McpToolDeps {
  proxy: ToolProxy;
  catalog: ToolCatalog;
}

/**
 * The outbound tools an MCP session exposes: the agent's enabled tools the catalog knows (`web_search`,
 * `web_scrape`, `whatsapp_send_message`, its HTTP tools), built with the agent's options. Built-ins that
 * need a run in this process (`calculator`, `remember`…) are not served.
 * @throws AppError `TOOL_NOT_ENABLED` when the agent's tool options are misconfigured
 */
export function mcpToolsOf(catalog: ToolCatalog, scope: Pick<McpScope, 'tools'>): ProxyTool[] {
  const outbound = scope.tools.filter((entry) => catalog.has(entry.name));
  try {
    return catalog.createAll(
      outbound.map((entry) => ({ name: entry.name, options: entry.options ?? {}, critical: entry.critical })),
    );
  } catch (error) {
    throw new AppError(
      'TOOL_NOT_ENABLED',
      `The agent's tools are misconfigured: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * One MCP `tools/call`: admits it (the client's budget and requests per minute), validates the arguments
 * against the tool's schema, then calls the SAME proxy as every other tool call, so the credential is
 * resolved and injected only in the outbound request, the egress guard, resilience and cache apply, and
 * the call is metered to the scope's client (and run). The tool's own failure is a result with `is_error`.
 * @throws AppError `TOOL_NOT_ENABLED`, `VALIDATION_ERROR`, `BUDGET_EXCEEDED`, `QUOTA_EXCEEDED`
 */
export async function callMcpTool(
  deps: PlatformDeps,
  options: { scope: McpScope; tools: McpToolDeps; toolName: string; input: unknown; signal?: AbortSignal },
): Promise<ToolProxyResult> {
  const { scope } = options;
  const tool = mcpToolsOf(options.tools.catalog, scope).find(
    (candidate) => candidate.name === options.toolName,
  );
  if (!tool) {
    throw new AppError('TOOL_NOT_ENABLED', `The tool ${options.toolName} is not enabled on this agent`, {
      context: { tool: options.toolName },
    });
  }
  const parsed = tool.inputSchema.safeParse(options.input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'VALIDATION_ERROR',
      `Invalid ${issue?.path.join('.') || 'arguments'}: ${issue?.message ?? 'invalid'}`,
      {
        context: { tool: tool.name },
      },
    );
  }
  await withClient(deps.db, scope.clientId, (tx) => admitToolCall(deps, { tx, clientId: scope.clientId }));
  const outcome = await options.tools.proxy.call({
    clientId: scope.clientId,
    agentId: scope.agentId,
    runId: scope.runId,
    tool,
    input: options.input ?? {},
    signal: options.signal,
  });
  const common = {
    tool: tool.name,
    attempts: outcome.attempts,
    duration_ms: Math.round(outcome.durationMs),
    cached: outcome.cached,
  };
  return outcome.ok
    ? { ...common, result: outcome.result, is_error: false, error_code: null }
    : { ...common, result: { error: outcome.result }, is_error: true, error_code: outcome.errorCode };
}
