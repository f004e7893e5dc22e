import { AppError, type ToolProxyResult } from '@renum/contracts';
import { agents, clients, runs, withClient } from '@renum/db';
import type { ToolCatalog, ToolProxy } from '@renum/tools';
import { eq } from 'drizzle-orm';
import { admitToolCall } from '../limits/admit-tool-call.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { activeRunStatuses } from './issue-run-tool-token.ts';
import { callThroughProxy, enabledOutboundTool } from './outbound-tools.ts';
import { verifyRunToolToken } from './run-tool-token.ts';

/** What {@link callProxyTool} needs beyond the platform's dependencies. */
export interface CallProxyToolOptions {
  /** The bearer token the executor presented (see `issueRunToolToken`). */
  token: string;
  /** Name of the tool as the model calls it (an HTTP tool's own name). */
  toolName: string;
  /** The tool's arguments. */
  input: unknown;
  /** The process's tool proxy and catalog, the same the built-in executor uses; absent: none configured. */
  tools: { proxy: ToolProxy; catalog: ToolCatalog } | undefined;
  /** Aborts the call (the executor went away). */
  signal?: AbortSignal | undefined;
}

/** Admits the call (budget, requests per minute), then reads the run, its agent's tools and its client's status in one query. */
async function loadRunScope(deps: PlatformDeps, clientId: string, runId: string) {
  const [row] = await withClient(deps.db, clientId, async (tx) => {
    await admitToolCall(deps, { tx, clientId }); // budget 402, requests/minute 429
    return tx
      .select({
        status: runs.status,
        agentId: runs.agent_id,
        tools: agents.tools,
        clientStatus: clients.status,
      })
      .from(runs)
      .innerJoin(agents, eq(agents.id, runs.agent_id))
      .innerJoin(clients, eq(clients.id, runs.client_id))
      .where(eq(runs.id, runId));
  });
  return row;
}

/**
 * A tool call from an external executor (`POST /v1/tool-proxy/{tool}`): checks the run-scoped token,
 * that its run exists in its client, is queued or running, and that the agent (whose tools its
 * sub-agents share) enabled the tool; validates the arguments against the tool's schema; then calls
 * the SAME proxy the built-in executor uses, so credential resolution, the egress guard, resilience,
 * the cache and metering (billed to the token's client and run) are identical. The tool's own failures
 * come back as a result with `is_error`, as the model would see them in process.
 * @throws AppError `AUTH_ERROR`, `CLIENT_SUSPENDED`, `RUN_NOT_FOUND`, `RUN_NOT_ACTIVE`, `TOOL_NOT_ENABLED`,
 *   `VALIDATION_ERROR`, `NOT_READY` (no tool proxy in this process), `BUDGET_EXCEEDED` and
 *   `QUOTA_EXCEEDED` (the client's budget and requests per minute, see `admitToolCall`)
 */
export async function callProxyTool(
  deps: PlatformDeps,
  options: CallProxyToolOptions,
): Promise<ToolProxyResult> {
  const claims = await verifyRunToolToken(deps.auth, options.token, deps.clock());
  const scope = await loadRunScope(deps, claims.clientId, claims.runId);
  // The token is signed by us, so a mismatch means a run that moved or a key that leaked: refuse either way.
  if (!scope || scope.agentId !== claims.agentId) {
    throw new AppError('RUN_NOT_FOUND', 'Run not found', { context: { run_id: claims.runId } });
  }
  if (scope.clientStatus === 'suspended') throw new AppError('CLIENT_SUSPENDED', 'This client is suspended');
  if (!activeRunStatuses.includes(scope.status)) {
    throw new AppError('RUN_NOT_ACTIVE', `The run is ${scope.status}; its tools can no longer be called`, {
      context: { run_id: claims.runId, status: scope.status },
    });
  }
  if (!options.tools) throw new AppError('NOT_READY', 'Outbound tools are not configured in this process');
  const tool = enabledOutboundTool(options.tools.catalog, scope.tools, options.toolName);
  const parsed = tool.inputSchema.safeParse(options.input ?? {});
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({
      field: ['body', ...issue.path.map(String)].join('.'),
      message: issue.message,
    }));
    throw new AppError(
      'VALIDATION_ERROR',
      `Invalid ${details[0]?.field ?? 'body'}: ${details[0]?.message ?? 'invalid'}`,
      {
        context: { tool: tool.name, details },
      },
    );
  }
  return callThroughProxy(options.tools.proxy, {
    clientId: claims.clientId,
    agentId: claims.agentId,
    runId: claims.runId,
    tool,
    input: options.input ?? {},
    signal: options.signal,
  });
}
