import type { AdminMonitoring } from '@renum/contracts';
import { type MinuteRouteCounts, type MonitoringMinute, startPeriodicTask } from '@renum/platform';
import type { MetricObject } from 'prom-client';
import type { RenumMetrics } from './metrics.ts';
import {
  countersSince,
  createRouteHistory,
  type RouteCounters,
  type RouteSnapshot,
} from './route-history.ts';

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

/** Breaker openings by tool since the process started. */
function breakerCountsOf(json: MetricObject[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of valuesOf(json, 'renum_tool_resilience_events_total'))
    if (value.labels.event === 'breaker_open' && value.value > 0)
      counts.set(String(value.labels.tool), value.value);
  return counts;
}

/** Where this process's minutes are stored (ADR 0062): its id for this start, and the writer. */
export interface MinuteStore {
  processId: string;
  record(minute: MonitoringMinute): Promise<void>;
}

/** The counters as of the last minute stored: the next minute counts from them. */
interface Stored {
  routes: RouteSnapshot;
  breakers: Map<string, number>;
}

/** What the process counted since `stored` (everything since its start when nothing was stored yet). */
function minuteOf(
  processId: string,
  json: MetricObject[],
  current: Stored,
  stored: Stored | null,
): MonitoringMinute {
  const routes: Record<string, MinuteRouteCounts> = {};
  for (const [route, counts] of countersSince(current.routes, stored?.routes ?? null)) {
    const buckets: Record<string, number> = {};
    for (const [le, count] of counts.buckets) buckets[Number.isFinite(le) ? String(le) : '+Inf'] = count;
    routes[route] = { requests: counts.requests, errors: counts.errors, buckets };
  }
  const breakerOpens: Record<string, number> = {};
  for (const [tool, count] of current.breakers) {
    const since = count - (stored?.breakers.get(tool) ?? 0);
    if (since > 0) breakerOpens[tool] = since;
  }
  return {
    processId,
    at: new Date(current.routes.at),
    websocketConnections: valuesOf(json, 'renum_ws_connections')[0]?.value ?? 0,
    routes,
    breakerOpens,
  };
}

/** The process figures' reader and the stop of its once-a-minute snapshots. */
export interface ProcessStats {
  read(window: 'hour' | 'day'): Promise<AdminMonitoring['process']>;
  /**
   * Takes a snapshot of the route counters now (the timer does it once a minute) and, with a store,
   * stores what was counted since the last minute stored; a failed write rejects, and its counts go
   * with the next minute.
   */
  snapshot(): Promise<void>;
  stop(): void;
  /** Stops the timer and takes a last snapshot, so a stopping process stores its last partial minute. */
  close(): Promise<void>;
}

/**
 * This process's live figures for the monitoring page, read from its own Prometheus registry:
 * WebSocket connections (now), breaker openings by tool (since the process started) and HTTP traffic by
 * route over the last hour or day, from snapshots of the route counters taken once a minute
 * (`http_since`: the moment those figures count from; the process's start when it is younger). With a
 * `store`, the first snapshot is taken at once and each one also writes its minute for the platform-wide
 * figures (ADR 0062).
 */
export function processStatsOf(
  metrics: RenumMetrics,
  options: {
    onError: (error: unknown) => void;
    store?: MinuteStore | undefined;
    clock?: () => number;
    snapshotEveryMs?: number;
  },
): ProcessStats {
  const clock = options.clock ?? Date.now;
  const history = createRouteHistory(clock());
  let stored: Stored | null = null;
  const take = async () => {
    const json = await metrics.registry.getMetricsAsJSON();
    const current = { routes: routeSnapshotOf(json, clock()), breakers: breakerCountsOf(json) };
    history.record(current.routes);
    if (!options.store) return;
    await options.store.record(minuteOf(options.store.processId, json, current, stored));
    stored = current;
  };
  // One at a time: two overlapping writes would both count from the same stored minute.
  let last: Promise<void> = Promise.resolve();
  const snapshot = () => {
    // The previous one's failure went to its own caller; this one starts after it either way.
    last = last.then(take, take);
    return last;
  };
  // A tick that finds the previous one still running is skipped (startPeriodicTask), so none queue up.
  const stop = startPeriodicTask({
    task: snapshot,
    intervalMs: options.snapshotEveryMs ?? 60_000,
    onError: options.onError,
    // A stored process is counted among the live ones from its start, not a minute later.
    immediate: options.store !== undefined,
  });
  return {
    snapshot,
    stop,
    async close() {
      stop();
      await snapshot().catch(options.onError);
    },
    async read(window) {
      const json = await metrics.registry.getMetricsAsJSON();
      const ws = valuesOf(json, 'renum_ws_connections')[0]?.value ?? 0;
      const breakers = [...breakerCountsOf(json)].map(([tool, count]) => ({ tool, count }));
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
