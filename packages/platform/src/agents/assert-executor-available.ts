import { AppError } from '@renum/contracts';
import type { PlatformDeps } from '../platform-deps.ts';

/**
 * Refuses an agent executor this deployment does not run (`suna` without Suna configured) with
 * `400 VALIDATION_ERROR` on `executor`, so no agent is saved that could only fail its runs.
 */
export function assertExecutorAvailable(
  deps: Pick<PlatformDeps, 'externalExecutors'>,
  executor: string | undefined,
) {
  if (executor === undefined || executor === 'builtin') return;
  if (deps.externalExecutors?.includes(executor)) return;
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
