/**
 * The platform's logging port (issue 9): pino's shape (`logger.error({ err }, 'message')`), so the
 * server passes its pino logger, or a child carrying request, client and run ids, and tests pass a pino
 * logger writing to memory.
 */
export interface PlatformLogger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
  child(bindings: Record<string, unknown>): PlatformLogger;
}

/** Background failures counted by kind (`run.lease_renewal`, `run.settle`…), for metrics and tests. */
export interface FailureCounter {
  add(kind: string): void;
  /** Counts since the process started, by kind. */
  snapshot(): Record<string, number>;
}

/** An in-process {@link FailureCounter}. */
export function createFailureCounter(): FailureCounter {
  const counts = new Map<string, number>();
  return {
    add: (kind) => counts.set(kind, (counts.get(kind) ?? 0) + 1),
    snapshot: () => Object.fromEntries(counts),
  };
}

/**
 * Reports a failed background task that no caller awaits: logged at `error` with its cause and the
 * given ids, and counted under `kind`. Without a logger (a bare library use), a process warning, so a
 * failure is never silent.
 */
export function reportFailure(
  sink: { logger?: PlatformLogger | undefined; failures?: FailureCounter | undefined },
  kind: string,
  error: unknown,
  bindings: Record<string, unknown> = {},
): void {
  sink.failures?.add(kind);
  if (sink.logger) {
    sink.logger.error({ err: error, kind, ...bindings }, `background task failed: ${kind}`);
    return;
  }
  const ids = Object.entries(bindings)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
  process.emitWarning(
    `${kind}${ids ? ` (${ids})` : ''}: ${error instanceof Error ? error.message : String(error)}`,
    'RenumWarning',
  );
}
