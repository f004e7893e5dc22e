import type { AdminMonitoring } from '@renum/contracts';
import { withPlatform } from '@renum/db';
import { sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { readSunaConnection } from '../executors/suna-connection.ts';
import { readQueueDepths } from '../jobs/read-queue-depths.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { modelProviderHealth, whatsAppHealth } from './dependency-health.ts';
import { runSeries, runsByModel, runTotals, topClients, windowOf } from './monitoring-queries.ts';
import { readHttpTraffic } from './read-http-traffic.ts';

type Dependency = AdminMonitoring['dependencies'][number];

/** A dependency the monitoring page checks: a probe that throws when it is down, or none configured. */
export interface DependencyProbe {
  name: string;
  check?: (() => Promise<void>) | undefined;
}

/** Runs one probe, timing it; a failure is reported with its message, never thrown. */
async function probe(dependency: DependencyProbe): Promise<Dependency> {
  if (!dependency.check)
    return { name: dependency.name, status: 'not_configured', latency_ms: null, error: null };
  const started = performance.now();
  try {
    await dependency.check();
    return {
      name: dependency.name,
      status: 'ok',
      latency_ms: Math.round(performance.now() - started),
      error: null,
    };
  } catch (error) {
    return {
      name: dependency.name,
      status: 'unavailable',
      latency_ms: Math.round(performance.now() - started),
      error: (error as Error).message,
    };
  }
}

/**
 * The platform's health at a glance for the console (platform admins only; audited): each
 * dependency's check, runs over the last hour (per minute) or day (per hour) with failures and
 * latency percentiles (p50/p95/p99) overall and by model, model providers' and WhatsApp's health from
 * their recent outcomes, queue depth and oldest due job, the top clients by cost and
 * by failures, HTTP traffic of every server process (from their stored minutes, ADR 0062), and this
 * process's live counters (`processStats`, from its metrics) when given.
 */
export async function readMonitoring(
  deps: PlatformDeps,
  options: {
    principal: Principal;
    window: 'hour' | 'day';
    probes?: DependencyProbe[];
    processStats?: ((window: 'hour' | 'day') => Promise<AdminMonitoring['process']>) | undefined;
  },
): Promise<AdminMonitoring> {
  requirePlatformAdmin(options.principal);
  const now = deps.clock();
  const bounds = windowOf(options.window, now);
  const sunaCheck = deps.sunaHealth && (await readSunaConnection(deps)) ? deps.sunaHealth : undefined;
  const probes: DependencyProbe[] = [
    {
      name: 'database',
      check: () => withPlatform(deps.db, (tx) => tx.execute(sql`select 1`)).then(() => undefined),
    },
    ...(options.probes ?? []),
    {
      name: 'suna',
      check: sunaCheck
        ? async () => {
            const answer = await sunaCheck();
            if (answer && answer.status !== 'ok') throw new Error(`Suna reported ${answer.status}`);
          }
        : undefined,
    },
  ];
  const [dependencies, queues, processStats] = await Promise.all([
    Promise.all(probes.map(probe)),
    readQueueDepths({ db: deps.db, now }),
    options.processStats ? options.processStats(options.window) : Promise.resolve(null),
  ]);
  return withPlatform(deps.db, async (tx) => {
    const runs = await runTotals(tx, bounds.since);
    const series = await runSeries(tx, bounds);
    const byModel = await runsByModel(tx, bounds.since);
    const top = await topClients(tx, bounds.since);
    const providers = await modelProviderHealth(tx, bounds.since);
    const whatsapp = await whatsAppHealth(tx, bounds.since);
    const http = await readHttpTraffic(tx, bounds);
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: { action: 'admin.monitoring.read', targetType: 'platform', clientId: null },
    });
    return {
      generated_at: now.toISOString(),
      window: options.window,
      dependencies,
      runs,
      runs_series: series,
      by_model: byModel,
      model_providers: providers,
      whatsapp,
      queues: queues.map((queue) => ({
        queue: queue.queue,
        queued: queue.queued,
        running: queue.running,
        dead: queue.dead,
        oldest_due_age_seconds: Math.round(queue.oldestDueAgeSeconds),
      })),
      top_clients_by_cost: top.byCost,
      top_clients_by_errors: top.byErrors,
      http,
      process: processStats,
    };
  });
}
