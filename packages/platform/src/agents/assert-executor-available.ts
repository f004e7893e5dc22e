import { AppError } from '@renum/contracts';
import { withPlatform } from '@renum/db';
import { readSunaConnection } from '../executors/suna-connection.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { assertFeatureEnabled, readSettings } from '../settings/read-settings.ts';

/**
 * Refuses an agent executor this deployment does not run (`suna` without Suna configured, in the
 * environment or the admin's settings) with
 * `400 VALIDATION_ERROR` on `executor`, so no agent is saved that could only fail its runs; `suna` while
 * the platform switched it off is `403 FEATURE_DISABLED` (ADR 0042).
 */
export async function assertExecutorAvailable(deps: PlatformDeps, executor: string | undefined) {
  if (executor === undefined || executor === 'builtin') return;
  if (executor === 'suna') assertFeatureEnabled(await withPlatform(deps.db, readSettings), 'suna');
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
