import type { ExecutorHealth } from '@renum/contracts';
import { withPlatform } from '@renum/db';
import { recordAudit } from '../audit/record-audit.ts';
import { readSunaConnection } from '../executors/suna-connection.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';

/**
 * Checks the deployment's Suna as now configured (`GET /v1/health` through the executor's client, with its timeout and
 * breaker): `ok`, `unavailable` with the reason, or `not_configured`. Platform admins only; audited.
 */
export async function checkSunaHealth(
  deps: PlatformDeps,
  options: { principal: Principal },
): Promise<ExecutorHealth> {
  requirePlatformAdmin(options.principal);
  let health: ExecutorHealth = { executor: 'suna', status: 'not_configured', latency_ms: null, error: null };
  if (deps.sunaHealth && (await readSunaConnection(deps))) {
    const started = performance.now();
    try {
      const answer = await deps.sunaHealth();
      const latency = Math.round(performance.now() - started);
      health = !answer
        ? health
        : answer.status === 'ok'
          ? { executor: 'suna', status: 'ok', latency_ms: latency, error: null }
          : {
              executor: 'suna',
              status: 'unavailable',
              latency_ms: latency,
              error: `Suna reported ${answer.status}`,
            };
    } catch (error) {
      health = { executor: 'suna', status: 'unavailable', latency_ms: null, error: (error as Error).message };
    }
  }
  await withPlatform(deps.db, (tx) =>
    recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'admin.executors.health',
        targetType: 'executor',
        clientId: null,
        data: { status: health.status },
      },
    }),
  );
  return health;
}
