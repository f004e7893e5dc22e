import { AppError } from '@renum/contracts';
import { readSunaConnection } from '../executors/suna-connection.ts';
import type { PlatformDeps } from '../platform-deps.ts';

/**
 * Refuses an agent executor this deployment does not run (`suna` without Suna configured, in the
 * environment or the admin's settings) with
 * `400 VALIDATION_ERROR` on `executor`, so no agent is saved that could only fail its runs.
 */
export async function assertExecutorAvailable(deps: PlatformDeps, executor: string | undefined) {
  if (executor === undefined || executor === 'builtin') return;
  if (deps.externalExecutors?.includes(executor)) return;
  // Suna may have been configured since (admin settings, possibly by another process).
  if (executor === 'suna' && (await readSunaConnection(deps))) return;
  throw new AppError(
    'VALIDATION_ERROR',
    `Invalid body.executor: "${executor}" is not configured in this deployment`,
    {
      context: {
        field: 'executor',
        details: [{ field: 'body.executor', message: 'not configured in this deployment' }],
      },
    },
  );
}
