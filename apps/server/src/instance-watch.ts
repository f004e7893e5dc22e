import type { SunaDeps } from './suna-deps.ts';

/** What the watch logs with. */
interface WatchLogger {
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/**
 * Watches the Suna instances of the `docker` provider every `intervalMs` (worker processes): a container
 * that died is recorded `failed` (the next run of that client starts a new one). Returns the stop function.
 */
export function startInstanceWatch(options: {
  suna: SunaDeps;
  logger: WatchLogger;
  intervalMs?: number;
}): () => void {
  let failures = 0;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    options.suna
      .watch()
      .then((changed) => {
        for (const record of changed)
          options.logger.warn({ clientId: record.clientId, error: record.error }, 'suna instance failed');
      })
      .catch((error: unknown) => {
        failures += 1;
        options.logger.error({ err: error, failures }, 'suna instance watch failed');
      })
      .finally(() => {
        busy = false;
      });
  }, options.intervalMs ?? 30_000);
  timer.unref();
  return () => clearInterval(timer);
}
