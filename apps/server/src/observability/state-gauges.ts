import type { PoolUsage } from '@renum/db';
import type { QueueDepth } from '@renum/platform';
import { Counter, Gauge } from 'prom-client';
import type { RenumMetrics } from './metrics.ts';

/** What the scrape-time gauges read; each is asked once per scrape. */
export interface StateSources {
  /** Jobs by queue and status (one grouped query). */
  queueDepths: () => Promise<QueueDepth[]>;
  /** Background failures since start by kind (the logger port's `FailureCounter`, the scale adapters). */
  failures: () => Record<string, number>;
  /** Open `/ws` connections of this process. */
  wsConnections?: () => number;
  /** The database pool now; absent on the embedded database. */
  pool?: () => PoolUsage;
}

/**
 * Adds the gauges read when Prometheus scrapes: job queue depth and oldest due job, background
 * failures, WebSocket connections and database pool usage. A failing source is reported by prom-client
 * as a failed scrape, never hidden.
 */
export function registerStateGauges(metrics: RenumMetrics, sources: StateSources): void {
  const registers = [metrics.registry];
  // Both gauges come from one query per scrape: the first collect starts it, the second awaits it.
  let depths: Promise<QueueDepth[]> | null = null;
  new Gauge({
    name: 'renum_job_queue_depth',
    help: 'Jobs in the table by queue and status (queued, running, dead).',
    labelNames: ['queue', 'status'],
    registers,
    async collect() {
      depths = sources.queueDepths();
      this.reset();
      for (const queue of await depths) {
        this.set({ queue: queue.queue, status: 'queued' }, queue.queued);
        this.set({ queue: queue.queue, status: 'running' }, queue.running);
        this.set({ queue: queue.queue, status: 'dead' }, queue.dead);
      }
    },
  });
  new Gauge({
    name: 'renum_job_oldest_age_seconds',
    help: 'How long the oldest due job of each queue has waited past its run time (0: none waiting).',
    labelNames: ['queue'],
    registers,
    async collect() {
      const rows = await (depths ?? sources.queueDepths());
      this.reset();
      for (const queue of rows) this.set({ queue: queue.queue }, queue.oldestDueAgeSeconds);
    },
  });
  new Counter({
    name: 'renum_background_failures_total',
    help: 'Background failures no caller awaits (logged with their cause), by kind.',
    labelNames: ['kind'],
    registers,
    collect() {
      this.reset();
      for (const [kind, count] of Object.entries(sources.failures())) this.inc({ kind }, count);
    },
  });
  new Gauge({
    name: 'renum_ws_connections',
    help: 'Open WebSocket connections (`/ws`) of this process.',
    registers,
    collect() {
      this.set(sources.wsConnections?.() ?? 0);
    },
  });
  new Gauge({
    name: 'renum_db_pool_connections',
    help: 'Database pool connections by state (total, idle, waiting requests, max); the embedded database reports one.',
    labelNames: ['state'],
    registers,
    collect() {
      const pool = sources.pool?.() ?? { total: 1, idle: 0, waiting: 0, max: 1 };
      this.set({ state: 'total' }, pool.total);
      this.set({ state: 'idle' }, pool.idle);
      this.set({ state: 'waiting' }, pool.waiting);
      this.set({ state: 'max' }, pool.max);
    },
  });
}
