import type { Config } from '@renum/config';
import { type DatabaseHandle, migrate, openDatabase } from '@renum/db';
import {
  checkDefaultPlan,
  createRunManager,
  type DemoCredentials,
  type JobQueue,
  type KnowledgeDeps,
  knowledgeContextProviders,
  type PlatformDeps,
  type RunDeps,
  type RunManager,
  readSunaConnection,
  recoverRuns,
  reportFailure,
  seedDemo,
  startRunRescue,
} from '@renum/platform';
import type { Executor } from '@renum/runtime';
import type { Logger } from 'pino';
import { generateDemoCredentials, readDemoCredentials, writeDemoCredentials } from './demo-credentials.ts';
import { startInstanceWatch } from './instance-watch.ts';
import { createJobQueue } from './job-queue.ts';
import { createKnowledgeDeps, knowledgeProgressPublisher } from './knowledge-deps.ts';
import { traceDatabaseQueries, traceOutboundHttp } from './observability/dependency-spans.ts';
import { createSentryReporter, type ErrorReporter } from './observability/error-reporting.ts';
import { jobMetricsHook } from './observability/job-metrics.ts';
import { meterExecutor } from './observability/metered-executor.ts';
import { createMetrics, type RenumMetrics } from './observability/metrics.ts';
import { toolResilienceMetrics } from './observability/tool-resilience-metrics.ts';
import { traceExecutor } from './observability/traced-executor.ts';
import { createTracing, type Tracing } from './observability/tracing.ts';
import { createPlatformDeps, openVault, resolveJwtSecret } from './platform-deps.ts';
import { createRunDeps } from './run-deps.ts';
import { openScaleDeps, type ScaleDeps } from './scale-deps.ts';
import { createSunaDeps } from './suna-deps.ts';
import { createToolDeps } from './tool-deps.ts';
import {
  startMonitoringPrune,
  startRunWorker,
  startScheduleDispatcher,
  startViewAsExpiry,
} from './workers.ts';

/** A started platform: the open database and the use-cases' dependencies. */
export interface Platform {
  handle: DatabaseHandle;
  deps: PlatformDeps;
  run: RunDeps;
  manager: RunManager;
  /** Background jobs, started with the handlers of this process's role (`RENUM_ROLE`). */
  jobs: JobQueue;
  /** Knowledge bases: ingestion jobs and URL fetching (issue 10). */
  knowledge: KnowledgeDeps;
  /** Shared state: in memory, or on Redis with `REDIS_URL`; closed last on shutdown. */
  scale: ScaleDeps;
  /** Logins of the demo client when known (embedded database), for the start banner. */
  demo: DemoCredentials | null;
  /** Stops handing schedule ticks over (a no-op in the `api` role, which dispatches none). */
  stopSchedules: () => void;
  /** This process's Prometheus metrics, served at `/metrics` when `RENUM_METRICS_TOKEN` is set. */
  metrics: RenumMetrics;
  /** Tracing, exported over OTLP, when `OTEL_EXPORTER_OTLP_ENDPOINT` is set; flushed on shutdown. */
  tracing: Tracing | null;
  /** Error reporting to Sentry when `SENTRY_DSN` is set; flushed on shutdown. */
  errorReporter: ErrorReporter | null;
}

/** Opens the database, applies migrations and seeds the demo when configured to. */
export async function startPlatform(options: { config: Config; logger: Logger }): Promise<Platform> {
  const { config, logger } = options;
  const tracing = config.observability.otlpEndpoint
    ? createTracing({
        serviceName: config.observability.serviceName,
        otlpEndpoint: config.observability.otlpEndpoint,
      })
    : null;
  // What traced work asks of Postgres and of other HTTP services is a span too (ADR 0071).
  if (tracing) traceOutboundHttp(tracing.tracer);
  const handle = await openDatabase(
    config.database.kind === 'pglite'
      ? { kind: 'pglite', dataDir: config.database.dataDir }
      : {
          kind: 'postgres',
          url: config.database.url,
          poolSize: config.database.poolSize,
          preparedStatements: config.database.preparedStatements,
          ...(tracing ? { onConnect: traceDatabaseQueries(tracing.tracer) } : {}),
          onConnectionError: (error) =>
            logger.warn({ err: error }, 'idle database connection lost; it will be replaced'),
        },
  );
  let scale: ScaleDeps | undefined;
  try {
    scale = await openScaleDeps({ config, logger });
    const migrations = await migrate(handle);
    if (migrations.applied.length > 0) logger.info({ applied: migrations.applied }, 'migrations applied');
    const deps = createPlatformDeps({
      config,
      ...(tracing ? { tracer: tracing.tracer } : {}),
      db: handle.db,
      jwtSecret: resolveJwtSecret(config),
      vault: await openVault(config),
      shared: scale,
      logger: logger.child({ component: 'platform' }),
    });
    await checkDefaultPlan(deps, config.limits.defaultPlan);
    let demo: DemoCredentials | null = null;
    if (config.seedDemo) {
      const embedded = config.database.kind === 'pglite';
      const kept = embedded ? readDemoCredentials(config.dataDir) : null;
      const credentials = kept ?? generateDemoCredentials();
      const created = await seedDemo(deps, { credentials });
      if (created) {
        logger.info('demo client seeded');
        if (embedded) writeDemoCredentials(config.dataDir, credentials);
      }
      demo = created || kept ? credentials : null;
    }
    const metrics = createMetrics();
    const errorReporter = config.observability.sentryDsn
      ? await createSentryReporter({
          dsn: config.observability.sentryDsn,
          environment: config.observability.sentryEnvironment,
        })
      : null;
    const observe = (executor: Executor) => {
      const metered = meterExecutor(executor, metrics);
      return tracing ? traceExecutor(metered, tracing.tracer) : metered;
    };
    const jobs = createJobQueue(config, {
      db: handle.db,
      logger,
      onEvent: jobMetricsHook(metrics, errorReporter ?? undefined),
    });
    const suna = createSunaDeps({ config, deps });
    await readSunaConnection(deps); // the admin's settings, if any, make `suna` choosable from the start
    const runDeps = createRunDeps(config, scale, jobs);
    const knowledge = createKnowledgeDeps({
      jobs,
      config,
      deps,
      models: runDeps.models,
      onProgress: knowledgeProgressPublisher(scale.broadcast, scale.onError),
    });
    const run = {
      ...runDeps,
      executor: observe(runDeps.executor),
      executors: { suna: observe(suna.executor) },
      contextProviders: knowledgeContextProviders({
        db: handle.db,
        newId: deps.newId,
        embedder: knowledge.embedder,
        reranker: knowledge.reranker,
        logger: deps.logger,
        failures: deps.failures,
      }),
      localWorker: config.scale.role !== 'api',
      tools: createToolDeps({
        deps,
        config,
        shared: scale,
        onRecordError: (error, record) =>
          reportFailure(deps, 'tool_call_metering', error, { client_id: record.clientId, tool: record.tool }),
        onResilienceEvent: toolResilienceMetrics(metrics),
      }),
    };
    const manager = createRunManager({ deps, run });
    const recovered = await recoverRuns(deps, {
      bus: run.bus,
      jobs,
      onPublishError: run.onPublishError,
      // Alone on the embedded database, this process knows no other can hold a job.
      alone: handle.kind === 'pglite',
    });
    if (recovered.enqueued.length + recovered.interrupted.length + recovered.released > 0)
      logger.warn(recovered, 'runs recovered after a restart');
    await startRunWorker({
      jobs,
      manager,
      concurrency: config.runs.concurrency,
      execute: config.scale.role !== 'api',
      platform: { deps, run },
      knowledge: { deps, knowledge },
    });
    // Periodic work of the processes that execute jobs; an `api` process starts none of it.
    const stopSchedules =
      config.scale.role === 'api'
        ? () => {}
        : stopAll([
            startScheduleDispatcher({ deps, jobs, logger: logger.child({ component: 'schedules' }) }),
            startInstanceWatch({ suna, logger: logger.child({ component: 'suna' }) }),
            startViewAsExpiry({ deps, logger: logger.child({ component: 'view-as' }) }),
            startMonitoringPrune({ deps, logger: logger.child({ component: 'monitoring' }) }),
            // A run whose job is gone while it is unsettled gets a new one (a safety net; it should find none).
            startRunRescue(deps, {
              jobs,
              intervalMs: config.jobs.leaseMs,
              graceMs: 2 * Math.max(config.jobs.leaseMs, config.runs.leaseMs),
            }),
          ]);
    logger.info({ role: config.scale.role, jobs: jobs.engine }, 'background work started');
    return {
      handle,
      deps,
      run,
      manager,
      jobs,
      knowledge,
      scale,
      demo,
      stopSchedules,
      metrics,
      tracing,
      errorReporter,
    };
  } catch (error) {
    await scale?.close();
    await handle.close();
    throw error;
  }
}

/** One stop for several periodic tasks. */
function stopAll(stops: Array<() => void>): () => void {
  return () => {
    for (const stop of stops) stop();
  };
}
