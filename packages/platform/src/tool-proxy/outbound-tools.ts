import { AppError, type ToolProxyResult } from '@renum/contracts';
import type { ProxyTool, ToolCatalog, ToolProxy, ToolProxyCall } from '@renum/tools';

/** An agent's tool as its settings store it. */
export interface ToolSetting {
  name: string;
  options?: Record<string, unknown>;
  critical?: boolean;
}

/**
 * The agent's tools that go out through the proxy (those the catalog knows), built from their settings.
 * @throws AppError `TOOL_NOT_ENABLED` when a setting does not build (the agent's tools are misconfigured)
 */
export function outboundToolsOf(
  catalog: ToolCatalog,
  tools: readonly ToolSetting[],
  context: Record<string, unknown> = {},
): ProxyTool[] {
  const outbound = tools.filter((entry) => catalog.has(entry.name));
  try {
    return catalog.createAll(
      outbound.map((entry) => ({ name: entry.name, options: entry.options ?? {}, critical: entry.critical })),
    );
  } catch (error) {
    throw new AppError(
      'TOOL_NOT_ENABLED',
      `The agent's tools are misconfigured: ${(error as Error).message}`,
      {
        context,
        cause: error,
      },
    );
  }
}

/**
 * The outbound tool `toolName` of the agent.
 * @throws AppError `TOOL_NOT_ENABLED` when the agent has no such tool, or its tools are misconfigured
 */
export function enabledOutboundTool(
  catalog: ToolCatalog,
  tools: readonly ToolSetting[],
  toolName: string,
): ProxyTool {
  const context = { tool: toolName };
  const tool = outboundToolsOf(catalog, tools, context).find((candidate) => candidate.name === toolName);
  if (!tool)
    throw new AppError('TOOL_NOT_ENABLED', `The tool ${toolName} is not enabled on this agent`, { context });
  return tool;
}

/**
 * Calls `call.tool` through the proxy (credentials injected only in the outbound request, egress guard,
 * resilience, cache, metering) and answers the wire result: the tool's own failure is a result with
 * `is_error`, as the model would see it in process.
 */
export async function callThroughProxy(proxy: ToolProxy, call: ToolProxyCall): Promise<ToolProxyResult> {
  const outcome = await proxy.call(call);
  const common = {
    tool: call.tool.name,
    attempts: outcome.attempts,
    duration_ms: Math.round(outcome.durationMs),
    cached: outcome.cached,
  };
  return outcome.ok
    ? { ...common, result: outcome.result, is_error: false, error_code: null }
    : { ...common, result: { error: outcome.result }, is_error: true, error_code: outcome.errorCode };
}
