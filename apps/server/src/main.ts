import { ConfigError, loadConfig } from '@renum/config';
import pino from 'pino';
import { buildApp } from './app.ts';
import { startPlatform } from './boot.ts';
import { loggerOptions } from './logger.ts';
import { findWebRoot } from './plugins/web-app.ts';
import { finishOrInterrupt, interruptMarginMs } from './shutdown.ts';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = pino(loggerOptions(config.logLevel));
  const platform = await startPlatform({ config, logger });
  const app = await buildApp({
    config,
    deps: platform.deps,
    handle: platform.handle,
    run: platform.run,
    manager: platform.manager,
    knowledge: platform.knowledge,
    logger,
    webRoot: findWebRoot(),
    broadcast: platform.scale.broadcast,
    observability: {
      metrics: platform.metrics,
      metricsToken: config.observability.metricsToken,
      ...(platform.tracing ? { tracer: platform.tracing.tracer } : {}),
      ...(platform.errorReporter ? { errorReporter: platform.errorReporter } : {}),
      failures: () => ({
        'scale.publish': platform.scale.failures.publish,
        'scale.redis': platform.scale.failures.redis,
      }),
    },
    readiness: {
      role: config.scale.role,
      redis: platform.scale.mode === 'redis' ? () => platform.scale.ping() : undefined,
    },
  });
  const address = await app.listen({ port: config.port, host: config.host });
  const url = address.replace('127.0.0.1', 'localhost');
  // On a port the system chose (PORT=0) and without RENUM_PUBLIC_URL, links the server gives out
  // (invitations, public pages) name the port it got, not port 0.
  if (platform.deps.publicUrl === 'http://localhost:0') platform.deps.publicUrl = url;

  const lines = [
    '',
    `  Renum is running at ${url}`,
    `  API docs:  ${url}/docs`,
    `  Database:  ${platform.handle.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'Postgres (DATABASE_URL)'}`,
    `  Model:     ${config.models.defaultModel}${config.models.defaultModel.startsWith('offline/') ? ' (offline demo model: no provider key configured)' : ''}`,
  ];
  if (platform.demo) {
    lines.push(
      '',
      '  Demo logins (POST /v1/auth/login with {"email","password"}):',
      `    client owner:   ${platform.demo.owner.email} / ${platform.demo.owner.password}`,
      `    platform admin: ${platform.demo.platformAdmin.email} / ${platform.demo.platformAdmin.password}`,
    );
  }
  console.log(`${lines.join('\n')}\n`);
  // Machine-readable line for scripts and tests that start the server on port 0.
  logger.info({ url: address }, 'listening');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + interruptMarginMs);
    timer.unref();
    try {
      platform.stopSchedules();
      // No new job is claimed from now on; those running get the grace period below (and its margin).
      const jobsStopped = platform.jobs.stop({ graceMs: config.shutdownGraceMs + interruptMarginMs });
      // Answers in progress get the grace period; those still going are then interrupted, each with
      // its error event, and every open stream ends with one instead of a reset connection.
      await finishOrInterrupt({
        app,
        manager: platform.manager,
        graceMs: config.shutdownGraceMs,
        clock: platform.deps.clock,
        logger,
      });
      await jobsStopped;
      platform.manager.close();
      // Pending tool-call ledger and audit rows are written before the database closes.
      await platform.run.tools?.proxy.close();
      await platform.handle.close();
      // Last: the runs drained above have published their final events.
      await platform.scale.close();
      // A collector that is down must not turn a clean stop into a failed one.
      await platform.errorReporter?.flush(2000);
      await platform.tracing
        ?.shutdown()
        .catch((error: unknown) => logger.warn({ err: error }, 'pending traces not exported on shutdown'));
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
