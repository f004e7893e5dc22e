/**
 * Runs `task` every `intervalMs` (and at once, unless `immediate` is false), skipping a tick while the
 * previous run is still going, so a slow database or an unreachable Redis never piles runs up. A run
 * that fails is reported and the next tick tries again. The answer stops it.
 */
export function startPeriodicTask(options: {
  task: () => Promise<unknown>;
  intervalMs: number;
  onError: (error: unknown) => void;
  /** @defaultValue true */
  immediate?: boolean;
}): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    options
      .task()
      .catch(options.onError)
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(tick, options.intervalMs);
  if (options.immediate ?? true) tick();
  return () => clearInterval(timer);
}
