import type { ResilienceListener } from '@renum/tools';
import type { RenumMetrics } from './metrics.ts';

/**
 * The tool proxy's resilience listener that counts retries, timeouts and breaker transitions by tool
 * (the key's client id is left out of the labels).
 */
export function toolResilienceMetrics(metrics: RenumMetrics): ResilienceListener {
  return (event) => {
    metrics.toolResilience.inc({ tool: metrics.toolLabel(event.key.tool), event: event.type });
  };
}
