import type { AdminMonitoring } from '@renum/contracts';
import { routeLatencyRow } from '@renum/platform';

/** One route's cumulative counters at a moment: requests, server errors, latency buckets (`le` → count). */
export interface RouteCounters {
  requests: number;
  errors: number;
  buckets: Map<number, number>;
}

/** Every route's cumulative counters read from the registry at `at` (ms since the epoch). */
export interface RouteSnapshot {
  at: number;
  routes: Map<string, RouteCounters>;
}

type RouteRow = NonNullable<AdminMonitoring['process']>['http_by_route'][number];

/** What `later` counted since `earlier` (a route or bucket missing from `earlier` counted from zero). */
export function countersSince(
  later: RouteSnapshot,
  earlier: RouteSnapshot | null,
): Map<string, RouteCounters> {
  const result = new Map<string, RouteCounters>();
  for (const [route, now] of later.routes) {
    const before = earlier?.routes.get(route);
    const buckets = new Map<number, number>();
    for (const [le, count] of now.buckets) buckets.set(le, count - (before?.buckets.get(le) ?? 0));
    const requests = now.requests - (before?.requests ?? 0);
    if (requests > 0) result.set(route, { requests, errors: now.errors - (before?.errors ?? 0), buckets });
  }
  return result;
}

/** The busiest 20 routes of some counters, with their latency percentiles. */
export function routeRows(routes: Map<string, RouteCounters>): RouteRow[] {
  return [...routes.entries()]
    .sort((a, b) => b[1].requests - a[1].requests)
    .slice(0, 20)
    .map(([route, stats]) =>
      routeLatencyRow(route, {
        ...stats,
        buckets: [...stats.buckets.entries()].map(([le, count]) => ({ le, count })),
      }),
    );
}

const windowMs = { hour: 3_600_000, day: 86_400_000 } as const;

/**
 * Snapshots of the route counters kept in two rings, so the console reads HTTP by route over the last
 * hour or day instead of the process's lifetime: one a minute for the last hour (61) and one an hour for
 * the last day (25). The figures of a window are the latest counters minus the newest snapshot taken at
 * least that long ago; a process younger than the window counts from its start (`since` says which).
 */
export function createRouteHistory(startedAt: number) {
  const minutes: RouteSnapshot[] = [];
  const hours: RouteSnapshot[] = [];
  const push = (ring: RouteSnapshot[], snapshot: RouteSnapshot, size: number) => {
    ring.push(snapshot);
    if (ring.length > size) ring.shift();
  };
  return {
    /** Keeps a snapshot (call once a minute); every 60 minutes' one goes to the hourly ring too. */
    record(snapshot: RouteSnapshot): void {
      push(minutes, snapshot, 61);
      const lastHour = hours.at(-1);
      if (!lastHour || snapshot.at - lastHour.at >= windowMs.hour) push(hours, snapshot, 25);
    },
    /** The route figures of the window ending with `latest`, and the moment they count from. */
    over(window: 'hour' | 'day', latest: RouteSnapshot): { since: number; rows: RouteRow[] } {
      const ring = window === 'hour' ? minutes : hours;
      const cutoff = latest.at - windowMs[window];
      const baseline = ring.filter((snapshot) => snapshot.at <= cutoff).at(-1) ?? null;
      return { since: baseline?.at ?? startedAt, rows: routeRows(countersSince(latest, baseline)) };
    },
  };
}
