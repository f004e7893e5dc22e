import type { AdminMonitoring } from '@renum/contracts';
import type { MetricObject } from 'prom-client';
import type { RenumMetrics } from './metrics.ts';
import { createRouteHistory, type RouteCounters, type RouteSnapshot } from './route-history.ts';

type HistogramValue = { labels: Record<string, string | number>; value: number; metricName?: string };

function valuesOf(json: MetricObject[], name: string): HistogramValue[] {
  const metric = json.find((entry) => entry.name === name) as unknown as
    | { values?: HistogramValue[] }
    | undefined;
  return metric?.values ?? [];
}

/** Every route's cumulative requests, server errors and latency buckets in the registry's JSON. */
export function routeSnapshotOf(json: MetricObject[], at: number): RouteSnapshot {
  const routes = new Map<string, RouteCounters>();
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
  return { at, routes };
}

/** The process figures' reader and the stop of its once-a-minute snapshots. */
export interface ProcessStats {
  read(window: 'hour' | 'day'): Promise<AdminMonitoring['process']>;
  /** Takes a snapshot of the route counters now (the timer does it once a minute). */
  snapshot(): Promise<void>;
  stop(): void;
}

/**
 * This process's live figures for the monitoring page, read from its own Prometheus registry:
 * WebSocket connections (now), breaker openings by tool (since the process started) and HTTP traffic by
 * route over the last hour or day, from snapshots of the route counters taken once a minute
 * (`http_since`: the moment those figures count from; the process's start when it is younger).
 */
export function processStatsOf(
  metrics: RenumMetrics,
  options: { onError: (error: unknown) => void; clock?: () => number; snapshotEveryMs?: number },
): ProcessStats {
  const clock = options.clock ?? Date.now;
  const history = createRouteHistory(clock());
  const snapshot = async () =>
    history.record(routeSnapshotOf(await metrics.registry.getMetricsAsJSON(), clock()));
  const timer = setInterval(() => {
    snapshot().catch(options.onError);
  }, options.snapshotEveryMs ?? 60_000);
  timer.unref();
  return {
    snapshot,
    stop: () => clearInterval(timer),
    async read(window) {
      const json = await metrics.registry.getMetricsAsJSON();
      const ws = valuesOf(json, 'renum_ws_connections')[0]?.value ?? 0;
      const breakers = valuesOf(json, 'renum_tool_resilience_events_total')
        .filter((value) => value.labels.event === 'breaker_open' && value.value > 0)
        .map((value) => ({ tool: String(value.labels.tool), count: value.value }));
      const http = history.over(window, routeSnapshotOf(json, clock()));
      return {
        websocket_connections: ws,
        http_by_route: http.rows,
        http_since: new Date(http.since).toISOString(),
        breaker_opens: breakers,
      };
    },
  };
}
