import { AppError, isUuid, type RunToolToken } from '@renum/contracts';
import { runs, type Transaction, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { signRunToolToken } from './run-tool-token.ts';

/** What {@link issueRunToolToken} binds the token to. */
export interface IssueRunToolTokenOptions {
  clientId: string;
  agentId: string;
  runId: string;
  /** Life of the token in minutes. @defaultValue `PlatformDeps.auth.runToolTokenTtlSeconds` (15 minutes) */
  ttlMinutes?: number | undefined;
}

/** Runs that may still call tools. */
export const activeRunStatuses: readonly string[] = ['queued', 'running'];

/**
 * Issues the short-lived token an external executor (Suna) presents to `POST /v1/tool-proxy/{tool}`
 * for one run: it lets the executor call the agent's tools with the client's credentials without ever
 * holding them. The executor adapter calls this when it starts a run. The run must exist in the client,
 * belong to the agent and be queued or running.
 * @throws AppError `RUN_NOT_FOUND`, `RUN_NOT_ACTIVE`
 */
export function issueRunToolToken(
  deps: PlatformDeps,
  options: IssueRunToolTokenOptions,
): Promise<RunToolToken> {
  return withClient(deps.db, options.clientId, (tx) => issueRunToolTokenIn(tx, deps, options));
}

/** {@link issueRunToolToken} inside the caller's transaction scoped to the run's client. */
export async function issueRunToolTokenIn(
  tx: Transaction,
  deps: PlatformDeps,
  options: IssueRunToolTokenOptions,
): Promise<RunToolToken> {
  const [run] = isUuid(options.runId)
    ? await tx
        .select({ agentId: runs.agent_id, status: runs.status })
        .from(runs)
        .where(eq(runs.id, options.runId.toLowerCase()))
    : [];
  if (!run || run.agentId !== options.agentId) {
    throw new AppError('RUN_NOT_FOUND', 'Run not found', { context: { run_id: options.runId } });
  }
  if (!activeRunStatuses.includes(run.status)) {
    throw new AppError('RUN_NOT_ACTIVE', `The run is ${run.status}`, {
      context: { run_id: options.runId, status: run.status },
    });
  }
  const ttlSeconds = options.ttlMinutes === undefined ? undefined : Math.round(options.ttlMinutes * 60);
  if (ttlSeconds !== undefined && !(ttlSeconds >= 1 && ttlSeconds <= 24 * 3600)) {
    throw new AppError('VALIDATION_ERROR', 'ttlMinutes must be between 1 second and 24 hours', {
      context: { field: 'ttl_minutes' },
    });
  }
  const { token, expiresAt } = await signRunToolToken(
    deps.auth,
    { clientId: options.clientId, agentId: options.agentId, runId: options.runId },
    { now: deps.clock(), id: deps.newId(), ttlSeconds },
  );
  return { token, expires_at: expiresAt.toISOString() };
}
