import type { ExecutorRunMetadata } from '../executor.ts';

/** Who a Suna record belongs to: the run's tenancy scope. */
export type SunaScope = ExecutorRunMetadata;

/**
 * Where the platform remembers its Suna records (the platform stores them in its database, per client):
 * the Suna thread of each conversation (follow-up turns continue it) and the Suna agent of each agent or
 * sub-agent (created once, updated before each run).
 */
export interface SunaLinks {
  findThread(scope: SunaScope): Promise<string | null>;
  saveThread(scope: SunaScope, threadId: string): Promise<void>;
  /** The Suna agent of the answerer (the sub-agent when routing picked one, else the agent). */
  findAgent(scope: SunaScope): Promise<string | null>;
  saveAgent(scope: SunaScope, sunaAgentId: string): Promise<void>;
}

/** How Suna's agent reaches the run's tools: the platform's MCP endpoint and a token bound to this run. */
export interface SunaToolAccess {
  /** Streamable-HTTP MCP endpoint (`…/v1/mcp`). */
  readonly url: string;
  /** Bearer token bound to the client, agent and run; useless for anything else. */
  readonly token: string;
}

/** Issues {@link SunaToolAccess} for a run (the platform signs a run-scoped token). */
export type SunaToolAccessIssuer = (scope: SunaScope & { runId: string }) => Promise<SunaToolAccess>;
