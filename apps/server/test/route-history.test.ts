import { describe, expect, it } from 'vitest';
import { createMetrics } from '../src/observability/metrics.ts';
import { processStatsOf } from '../src/observability/process-stats.ts';

const minute = 60_000;

/** Answers `count` requests on `route` taking `seconds` each, through the real Prometheus families. */
function traffic(metrics: ReturnType<typeof createMetrics>, route: string, count: number, seconds: number) {
  for (let i = 0; i < count; i++) {
    const labels = { method: 'GET', route, status: '200' };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, seconds);
  }
}

// Issue 16: "latency percentiles by route … over the last hour and day", not over the process's life.
describe('HTTP by route over a window (snapshots of the Prometheus counters)', () => {
  it('counts only what came after the window started, and says since when', async () => {
    let now = Date.parse('2026-12-05T10:00:00Z');
    const metrics = createMetrics();
    const stats = processStatsOf(metrics, {
      clock: () => now,
      onError: (error) => {
        throw error;
      },
    });
    try {
      // A slow burst at the start, then a snapshot a minute for 70 minutes, then fast traffic.
      traffic(metrics, '/v1/agents', 100, 4);
      await stats.snapshot();
      for (let m = 1; m <= 70; m++) {
        now += minute;
        await stats.snapshot();
      }
      traffic(metrics, '/v1/agents', 10, 0.02);
      traffic(metrics, '/v1/runs', 3, 0.2);

      const hour = await stats.read('hour');
      expect(hour!.http_since).toBe(new Date(now - 60 * minute).toISOString());
      const agents = hour!.http_by_route.find((row) => row.route === '/v1/agents');
      expect(agents).toMatchObject({ requests: 10, errors: 0 });
      expect(agents!.p99_ms).toBeLessThanOrEqual(25);
      expect(hour!.http_by_route.map((row) => row.route)).toEqual(['/v1/agents', '/v1/runs']);

      // The process is younger than a day: the day counts from its start, the slow burst included.
      const day = await stats.read('day');
      expect(day!.http_since).toBe('2026-12-05T10:00:00.000Z');
      const dayAgents = day!.http_by_route.find((row) => row.route === '/v1/agents');
      expect(dayAgents!.requests).toBe(110);
      expect(dayAgents!.p50_ms).toBeGreaterThan(1000);
    } finally {
      stats.stop();
    }
  });

  it('drops a route with no request in the window, and reads a day from the hourly ring', async () => {
    let now = Date.parse('2026-12-05T00:00:00Z');
    const metrics = createMetrics();
    const stats = processStatsOf(metrics, {
      clock: () => now,
      onError: (error) => {
        throw error;
      },
    });
    try {
      traffic(metrics, '/v1/old', 5, 0.1);
      await stats.snapshot();
      for (let m = 1; m <= 26 * 60; m++) {
        now += minute;
        if (m === 60) traffic(metrics, '/v1/early', 2, 0.1);
        await stats.snapshot();
      }
      traffic(metrics, '/v1/new', 1, 0.1);
      const hour = await stats.read('hour');
      expect(hour!.http_by_route.map((row) => row.route)).toEqual(['/v1/new']);
      const day = await stats.read('day');
      // Baseline: the hourly snapshot at 02:00 (26 h in, 24 h back); /v1/old and /v1/early came before it.
      expect(day!.http_since).toBe('2026-12-05T02:00:00.000Z');
      expect(day!.http_by_route.map((row) => row.route)).toEqual(['/v1/new']);
    } finally {
      stats.stop();
    }
  });
});
