import { Writable } from 'node:stream';
import { createFailureCounter } from '@renum/platform';
import { testDatabaseTargets } from '@renum/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics, type RenumMetrics } from '../src/observability/metrics.ts';
import { processStatsOf } from '../src/observability/process-stats.ts';
import { registerStateGauges } from '../src/observability/state-gauges.ts';
import { storedProcessStats } from '../src/observability/stored-process-stats.ts';
import { startMonitoringPrune } from '../src/workers.ts';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const postgres = testDatabaseTargets()[1]!;
const minute = 60_000;

/** Answers `count` requests on `route` taking `seconds` each (status 500 when `failed`). */
function traffic(metrics: RenumMetrics, route: string, count: number, seconds: number, failed = false) {
  for (let i = 0; i < count; i++) {
    const labels = { method: 'GET', route, status: failed ? '500' : '200' };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, seconds);
  }
}

/** A server process's registry, with `ws` WebSocket connections open. */
function processMetrics(ws = 0): RenumMetrics {
  const metrics = createMetrics();
  registerStateGauges(metrics, {
    queueDepths: async () => [],
    failures: () => ({}),
    wsConnections: () => ws,
  });
  return metrics;
}

/** A pino logger whose JSON lines are kept. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

type RouteRow = {
  route: string;
  requests: number;
  errors: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
};

// Issue 16: the console's "latency by route over the last hour and day" for the platform, not one process
// (ADR 0062): every process stores its minutes in Postgres, the console sums them.
describe.skipIf(postgres.skipReason !== null)('monitoring minutes across processes (Postgres)', () => {
  let t: TestApp;
  let admin: TestSession;
  beforeAll(async () => {
    t = await createTestApp(postgres, { metricsToken: 'metrics-token-monitoring-minutes' });
    admin = await t.platformAdmin();
  });
  afterAll(async () => t?.close());

  const monitoring = async (window: 'hour' | 'day') => {
    const response = await t.request({
      method: 'GET',
      url: `/v1/admin/monitoring?window=${window}`,
      token: admin.accessToken,
    });
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const routeOf = (body: { http: { by_route: RouteRow[] } }, route: string) =>
    body.http.by_route.find((row) => row.route === route);

  it("merges two processes' minutes into the percentiles of their summed histograms", async () => {
    const at = () => Date.now() - 30_000;
    const fast = processMetrics(2);
    const slow = processMetrics(3);
    const both = processMetrics();
    // Nine in ten requests fast on one process, the slow tenth on the other, and a server error.
    for (const metrics of [fast, both]) traffic(metrics, '/v1/merge', 90, 0.02);
    for (const metrics of [slow, both]) traffic(metrics, '/v1/merge', 10, 4);
    for (const metrics of [slow, both]) traffic(metrics, '/v1/merge', 1, 0.3, true);
    const writers = [fast, slow].map((metrics) => storedProcessStats(metrics, t.deps, { clock: at }));
    try {
      for (const writer of writers) await writer.snapshot();
      const hour = await monitoring('hour');
      const merged = routeOf(hour, '/v1/merge');
      // One process that saw every request: the percentiles the platform's must equal.
      const reference = processStatsOf(both, { onError: () => {} });
      const expected = (await reference.read('hour'))!.http_by_route[0]!;
      reference.stop();
      expect(merged).toEqual(expected);
      expect(merged).toMatchObject({ requests: 101, errors: 1 });
      // Averaging the two processes' medians would land near 2 s; the merged median is a fast request.
      expect(merged!.p50_ms).toBeLessThanOrEqual(25);
      expect(merged!.p99_ms).toBeGreaterThan(2000);
      expect(hour.http.processes).toBeGreaterThanOrEqual(2);
      expect(hour.http.websocket_connections).toBe(5);
      expect(hour.http.requests).toBeGreaterThanOrEqual(101);
      const points = hour.http.series.filter((point: { requests: number }) => point.requests > 0);
      expect(points.reduce((sum: number, point: { errors: number }) => sum + point.errors, 0)).toBe(1);
    } finally {
      for (const writer of writers) writer.stop();
    }
  });

  it('still shows the minutes a process stored before it restarted', async () => {
    const before = processMetrics();
    traffic(before, '/v1/restart', 4, 0.05);
    const first = storedProcessStats(before, t.deps, { clock: () => Date.now() - 10 * minute });
    await first.snapshot();
    // Traffic after its last minute is stored as it closes.
    traffic(before, '/v1/restart', 2, 0.05);
    await first.close();
    // The restart: a new registry counting from zero and a new process id.
    const after = processMetrics();
    traffic(after, '/v1/restart', 6, 0.05);
    const second = storedProcessStats(after, t.deps, { clock: () => Date.now() - minute });
    await second.snapshot();
    second.stop();
    expect(routeOf(await monitoring('hour'), '/v1/restart')).toMatchObject({ requests: 12, errors: 0 });
    // This process's own view never saw either.
    expect((await monitoring('hour')).process.http_by_route.map((row: RouteRow) => row.route)).not.toContain(
      '/v1/restart',
    );
  });

  it('leaves minutes older than the window out and prunes those older than a day', async () => {
    const writeAt = async (ago: number, count: number) => {
      const metrics = processMetrics();
      traffic(metrics, '/v1/old', count, 0.05);
      const stats = storedProcessStats(metrics, t.deps, { clock: () => Date.now() - ago });
      await stats.snapshot();
      stats.stop();
    };
    await writeAt(2 * 60 * minute, 3);
    await writeAt(26 * 60 * minute, 7);
    expect(routeOf(await monitoring('hour'), '/v1/old')).toBeUndefined();
    expect(routeOf(await monitoring('day'), '/v1/old')).toMatchObject({ requests: 3 });
    const count = async () =>
      (
        await t.handle.query<{ n: number }>(
          `select count(*)::int as n from monitoring_minutes where routes ? '/v1/old'`,
        )
      )[0]!.n;
    expect(await count()).toBe(2);
    const stop = startMonitoringPrune({
      deps: t.deps,
      logger: pino({ level: 'silent' }),
      intervalMs: 3_600_000,
    });
    try {
      for (let attempt = 0; attempt < 100 && (await count()) > 1; attempt++)
        await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      stop();
    }
    expect(await count()).toBe(1);
    expect(routeOf(await monitoring('day'), '/v1/old')).toMatchObject({ requests: 3 });
  });

  it('logs and counts a minute it could not store, and stores its counts with the next one', async () => {
    const metrics = processMetrics();
    traffic(metrics, '/v1/failed-write', 7, 0.05);
    const { logger, lines } = capturedLogger();
    const failures = createFailureCounter();
    let now = Date.now() - 3 * minute;
    // The clock stands still: the second tick writes the same (process, moment) again and Postgres
    // refuses the duplicate key, a real failed write.
    const stats = storedProcessStats(
      metrics,
      { ...t.deps, logger, failures },
      { clock: () => now, snapshotEveryMs: 20 },
    );
    try {
      for (let attempt = 0; attempt < 200 && !failures.snapshot()['monitoring.minute']; attempt++) {
        if (attempt === 0) await new Promise((resolve) => setTimeout(resolve, 30));
        traffic(metrics, '/v1/failed-write', 1, 0.05);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      stats.stop();
    }
    expect(failures.snapshot()['monitoring.minute']).toBeGreaterThanOrEqual(1);
    const logged = lines.find((line) => line.kind === 'monitoring.minute');
    expect(logged).toMatchObject({ level: 50, msg: 'background task failed: monitoring.minute' });
    expect(JSON.stringify(logged!.err)).toContain('duplicate key');
    // Waits for a tick still writing (snapshots run one at a time); at the same moment, it fails again.
    await stats.snapshot().catch(() => {});
    now += minute;
    await stats.snapshot();
    const total = (await metrics.registry.getSingleMetric('renum_http_requests_total')!.get()).values.reduce(
      (sum, value) => sum + value.value,
      0,
    );
    expect(routeOf(await monitoring('hour'), '/v1/failed-write')).toMatchObject({ requests: total });
  });
});
