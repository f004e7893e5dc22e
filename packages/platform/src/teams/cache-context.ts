import { afterCommit, type Transaction } from '@renum/db';
import { reportFailure } from '../logger.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { TeamEngineDeps } from './advance-execution.ts';

/**
 * Writes an execution's shared context to the engine's cache once `tx` commits (nothing without a cache,
 * nothing if it rolls back). `version` must grow with every commit that changes the context: the
 * execution's event counter as the committing transaction read it under the execution's lock. A failed
 * write is logged and counted; readers then find the previous version or fall back to Postgres.
 */
export function cacheContextAfterCommit(
  deps: PlatformDeps,
  engine: TeamEngineDeps,
  tx: Transaction,
  entry: { clientId: string; executionId: string; version: number; context: Record<string, unknown> },
): void {
  const cache = engine.contextCache;
  if (!cache) return;
  afterCommit(tx, () => {
    cache
      .store(entry)
      .catch((error: unknown) =>
        reportFailure(deps, 'team.context_cache', error, { execution_id: entry.executionId }),
      );
  });
}
