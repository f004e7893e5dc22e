import type { AdminMonitoring } from '@renum/contracts';
import type { MetricObject } from 'prom-client';
import type { RenumMetrics } from './metrics.ts';

type HistogramValue = { labels: Record<string, string | number>; value: number; metricName?: string };

/** The `quantile` of a cumulative histogram's buckets (`le` → count), in milliseconds; null if empty. */
export function histogramQuantile(
  buckets: Array<{ le: number; count: number }>,
  quantile: number,
): number | null {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (total === 0) return null;
  const rank = quantile * total;
  let previous = { le: 0, count: 0 };
  for (const bucket of sorted) {
    if (bucket.count >= rank) {
      if (!Number.isFinite(bucket.le)) return Math.round(previous.le * 1000);
      const inBucket = bucket.count - previous.count;
      const fraction = inBucket === 0 ? 1 : (rank - previous.count) / inBucket;
      return Math.round((previous.le + (bucket.le - previous.le) * fraction) * 1000);
    }
    previous = bucket;
  }
  return Math.round(previous.le * 1000);
}

function valuesOf(json: MetricObject[], name: string): HistogramValue[] {
  const metric = json.find((entry) => entry.name === name) as unknown as
    | { values?: HistogramValue[] }
    | undefined;
  return metric?.values ?? [];
}

/** HTTP requests, server errors and latency percentiles by route template (busiest 20). */
function httpByRoute(json: MetricObject[]): NonNullable<AdminMonitoring['process']>['http_by_route'] {
  const routes = new Map<string, { requests: number; errors: number; buckets: Map<number, number> }>();
  const entry = (route: string) => {
    const found = routes.get(route) ?? { requests: 0, errors: 0, buckets: new Map<number, number>() };
    routes.set(route, found);
    return found;
  };
  for (const value of valuesOf(json, 'renum_http_requests_total')) {
    const route = entry(String(value.labels.route));
    route.requests += value.value;
    if (String(value.labels.status).startsWith('5')) route.errors += value.value;
  }
  for (const value of valuesOf(json, 'renum_http_request_duration_seconds')) {
    if (value.metricName !== 'renum_http_request_duration_seconds_bucket') continue;
    const le = value.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(value.labels.le);
    const buckets = entry(String(value.labels.route)).buckets;
    buckets.set(le, (buckets.get(le) ?? 0) + value.value);
  }
  return [...routes.entries()]
    .sort((a, b) => b[1].requests - a[1].requests)
    .slice(0, 20)
    .map(([route, stats]) => {
      const buckets = [...stats.buckets.entries()].map(([le, count]) => ({ le, count }));
      return {
        route,
        requests: stats.requests,
        errors: stats.errors,
        p50_ms: histogramQuantile(buckets, 0.5),
        p95_ms: histogramQuantile(buckets, 0.95),
        p99_ms: histogramQuantile(buckets, 0.99),
      };
    });
}

/**
 * This process's live figures for the monitoring page, read from its own Prometheus registry (counters
 * since the process started): WebSocket connections, HTTP traffic by route and breaker openings by tool.
 */
export function processStatsOf(metrics: RenumMetrics): () => Promise<AdminMonitoring['process']> {
  return async () => {
    const json = await metrics.registry.getMetricsAsJSON();
    const ws = valuesOf(json, 'renum_ws_connections')[0]?.value ?? 0;
    const breakers = valuesOf(json, 'renum_tool_resilience_events_total')
      .filter((value) => value.labels.event === 'breaker_open' && value.value > 0)
      .map((value) => ({ tool: String(value.labels.tool), count: value.value }));
    return { websocket_connections: ws, http_by_route: httpByRoute(json), breaker_opens: breakers };
  };
}
