import { type PlatformDeps, recordMonitoringMinute, reportFailure } from '@renum/platform';
import type { RenumMetrics } from './metrics.ts';
import { type ProcessStats, processStatsOf } from './process-stats.ts';

/** The failure kind a minute that could not be taken or stored is counted under. */
export const monitoringMinuteFailure = 'monitoring.minute';

/**
 * This process's figures for the monitoring page, also stored in `monitoring_minutes` (at once, then
 * each minute, and as the app closes) under an id of its own for this start (ADR 0062), so the console
 * sums every process and keeps the history across restarts. A failed minute is logged with its cause and counted (`renum_background_failures_total`,
 * kind `monitoring.minute`); its counts go with the next minute stored.
 */
export function storedProcessStats(
  metrics: RenumMetrics,
  deps: Pick<PlatformDeps, 'db' | 'newId' | 'logger' | 'failures'>,
  options: { clock?: () => number; snapshotEveryMs?: number } = {},
): ProcessStats {
  const processId = deps.newId();
  return processStatsOf(metrics, {
    ...options,
    store: { processId, record: (minute) => recordMonitoringMinute(deps.db, minute) },
    onError: (error) => reportFailure(deps, monitoringMinuteFailure, error, { processId }),
  });
}
