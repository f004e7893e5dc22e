import { AppError } from '@renum/contracts';
import { agents, clients, conversations, runs, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import { loadAgent } from '../agents/agent-id.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { activeRunStatuses } from '../tool-proxy/issue-run-tool-token.ts';
import { verifyRunToolToken } from '../tool-proxy/run-tool-token.ts';

/** An agent's tool configuration as stored (`agents.tools`). */
export type AgentToolEntries = (typeof agents.$inferSelect)['tools'];

/** Whose tools an MCP session serves, and to whom its calls are billed. */
export interface McpScope {
  readonly clientId: string;
  readonly agentId: string;
  /** The run a run token is bound to; null for an MCP client with an API key (calls outside any run). */
  readonly runId: string | null;
  readonly tools: AgentToolEntries;
  /** The run's conversation and its contact (run tokens only): `remember`/`recall` need a contact. */
  readonly conversationId?: string | null;
  readonly contactId?: string | null;
}

/**
 * The scope of a run token (what the `suna` executor gives Suna's agent): the token must verify (its own
 * key, audience, expiry), its run must still be queued or running in the token's client, under the
 * token's agent, and the client not suspended. Read on every MCP request, so a token outliving its run
 * is refused at once.
 * @throws AppError `AUTH_ERROR` (bad or expired token), `RUN_NOT_FOUND`, `RUN_NOT_ACTIVE`, `CLIENT_SUSPENDED`
 */
export async function resolveRunMcpScope(deps: PlatformDeps, options: { token: string }): Promise<McpScope> {
  const claims = await verifyRunToolToken(deps.auth, options.token, deps.clock());
  const [row] = await withClient(deps.db, claims.clientId, (tx) =>
    tx
      .select({
        status: runs.status,
        agentId: runs.agent_id,
        tools: agents.tools,
        clientStatus: clients.status,
        conversationId: runs.conversation_id,
        contactId: conversations.contact_id,
      })
      .from(runs)
      .innerJoin(agents, eq(agents.id, runs.agent_id))
      .innerJoin(clients, eq(clients.id, runs.client_id))
      .leftJoin(conversations, eq(conversations.id, runs.conversation_id))
      .where(eq(runs.id, claims.runId)),
  );
  if (!row || row.agentId !== claims.agentId) {
    throw new AppError('RUN_NOT_FOUND', 'Run not found', { context: { run_id: claims.runId } });
  }
  if (row.clientStatus === 'suspended') throw new AppError('CLIENT_SUSPENDED', 'This client is suspended');
  if (!activeRunStatuses.includes(row.status)) {
    throw new AppError('RUN_NOT_ACTIVE', `The run is ${row.status}; its tools can no longer be called`, {
      context: { run_id: claims.runId, status: row.status },
    });
  }
  return {
    clientId: claims.clientId,
    agentId: claims.agentId,
    runId: claims.runId,
    tools: row.tools,
    conversationId: row.conversationId,
    contactId: row.contactId,
  };
}

/**
 * The scope of a person's credential (an API key, or an access token) for one of its client's agents:
 * the agent must be visible in the client's scope (`404 AGENT_NOT_FOUND` otherwise, another client's
 * included). Calls are billed to the client, outside any run.
 */
export async function resolveAgentMcpScope(
  deps: PlatformDeps,
  options: { principal: Principal; agentId: string },
): Promise<McpScope> {
  const { clientId } = requireClient(options.principal);
  const agent = await withClient(deps.db, clientId, (tx) => loadAgent(tx, options.agentId));
  return { clientId, agentId: agent.id, runId: null, tools: agent.tools };
}
