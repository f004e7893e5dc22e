import { isUuid } from '@renum/contracts';
import { withClient } from '@renum/db';
import { reportFailure } from '../logger.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import type { TeamContextCache } from './context-cache.ts';
import { loadExecution } from './team-rows.ts';

/**
 * An execution's shared context (`initial_prompt` and each finished agent's `agent_<id>_result`): from
 * the cache when it holds it (written after each commit that changed it), else from Postgres, the truth.
 * A cache that fails is logged and counted, and Postgres answers. `404 TEAM_EXECUTION_NOT_FOUND` for an
 * execution that is not the caller's client's: cache entries are keyed by client, so another client's
 * entry is never found.
 */
export async function getExecutionContext(
  deps: PlatformDeps,
  options: { principal: Principal; cache?: TeamContextCache | undefined; executionId: string },
): Promise<{ execution_id: string; shared_context: Record<string, unknown> }> {
  const { clientId } = requireClient(options.principal);
  const executionId = options.executionId.toLowerCase();
  if (options.cache && isUuid(executionId)) {
    try {
      const cached = await options.cache.read({ clientId, executionId });
      if (cached) return { execution_id: executionId, shared_context: cached.context };
    } catch (error) {
      reportFailure(deps, 'team.context_cache', error, { execution_id: executionId });
    }
  }
  const execution = await withClient(deps.db, clientId, (tx) => loadExecution(tx, executionId));
  return { execution_id: execution.id, shared_context: execution.shared_context };
}
