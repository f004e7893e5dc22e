import { AppError, type ToolProxyResult } from '@renum/contracts';
import { withClient } from '@renum/db';
import { callMcpTool, type McpToolDeps, mcpToolsOf } from '../mcp/call-mcp-tool.ts';
import type { McpScope } from '../mcp/mcp-scope.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, refuseViewAsWrite, requireRole } from '../principal.ts';
import { loadAgent } from './agent-id.ts';

/** Built-ins that only compute (no state, no message): the memory tools are never offered outside a run. */
const readOnlyBuiltins = new Set(['calculator', 'current_time']);

function notTestable(tool: string, reason: 'side_effects' | 'approval'): AppError {
  const why = reason === 'approval' ? 'needs a person’s approval' : 'sends or changes something';
  return new AppError(
    'TOOL_NOT_TESTABLE',
    `The tool ${tool} ${why}, so it cannot be tested from the editor`,
    {
      context: { tool, reason },
    },
  );
}

/**
 * Refuses a tool that is not safe to call for a test (ADR 0066): one with side effects (WhatsApp, an HTTP
 * tool whose method is not GET) or one that needs approval. Unknown names pass: the call refuses them.
 */
function checkTestable(scope: McpScope, tools: McpToolDeps | undefined, toolName: string): void {
  const entry = scope.tools.find((candidate) => candidate.name === toolName);
  if (entry && readOnlyBuiltins.has(toolName)) {
    if (entry.critical === true) throw notTestable(toolName, 'approval');
    return;
  }
  const tool = tools ? mcpToolsOf(tools.catalog, scope).find((item) => item.name === toolName) : undefined;
  if (!tool) return;
  if (tool.policy.sideEffects) throw notTestable(toolName, 'side_effects');
  if (tool.critical) throw notTestable(toolName, 'approval');
}

/**
 * `POST /v1/agents/{id}/tools/{tool}/test`: ONE call of a tool the agent enabled, with its saved options,
 * outside any run, through the same path as an MCP call with an API key (admission, argument validation,
 * the tool proxy with the client's credential, egress guard, breaker, metering to the client).
 * @throws AppError `AGENT_NOT_FOUND` (another client's agent too), `FORBIDDEN`, `VIEW_AS_READ_ONLY`,
 *   `TOOL_NOT_ENABLED`, `TOOL_NOT_TESTABLE`, `VALIDATION_ERROR`, `BUDGET_EXCEEDED`, `QUOTA_EXCEEDED`
 */
export async function testAgentTool(
  deps: PlatformDeps,
  options: {
    principal: Principal;
    agentId: string;
    toolName: string;
    input: Record<string, unknown>;
    tools: McpToolDeps | undefined;
    signal?: AbortSignal;
  },
): Promise<ToolProxyResult> {
  refuseViewAsWrite(options.principal);
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const agent = await withClient(deps.db, clientId, (tx) => loadAgent(tx, options.agentId));
  const scope: McpScope = { clientId, agentId: agent.id, runId: null, tools: agent.tools };
  checkTestable(scope, options.tools, options.toolName);
  return callMcpTool(deps, {
    scope,
    tools: options.tools,
    toolName: options.toolName,
    input: options.input,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
