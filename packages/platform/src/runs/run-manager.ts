import type { RunExecution } from '@renum/runtime';
import type { PlatformDeps } from '../platform-deps.ts';
import { executeRun } from './execute-run.ts';
import type { RunContext } from './run-context.ts';
import type { RunDeps } from './run-deps.ts';
import { RunInterruption } from './run-interruption.ts';

/** The runs this process is executing: launches them in the background, stops them, drains on shutdown. */
export interface RunManager {
  /**
   * Executes a run here. A queued run is taken (fenced) and read from the database; a run the
   * caller created already running with this process's lease comes with its `prepared` context.
   */
  launch(options: {
    clientId: string;
    runId: string;
    prepared?: { context: RunContext; firstSeq: number } | undefined;
  }): void;
  /** Stops a run executing here; false when it is not (it may be on another process, or done). */
  stop(runId: string): Promise<boolean>;
  isActive(runId: string): boolean;
  /** Resolves when every run launched here has finished. */
  drain(): Promise<void>;
  /**
   * Interrupts every run executing here because the process is stopping: each ends `failed` with
   * `INTERRUPTED` and its terminal `error` event (`retryable: true`), stored and published like any
   * other. Resolves with their ids once they have settled.
   */
  interrupt(): Promise<string[]>;
}

/** Creates the run manager of this process. */
export function createRunManager(options: { deps: PlatformDeps; run: RunDeps }): RunManager {
  const active = new Map<
    string,
    { controller: AbortController; execution: RunExecution | null; done: Promise<void> }
  >();
  return {
    launch({ clientId, runId, prepared }) {
      if (active.has(runId)) return;
      const controller = new AbortController();
      const entry = { controller, execution: null as RunExecution | null, done: Promise.resolve() };
      entry.done = executeRun({
        deps: options.deps,
        run: options.run,
        clientId,
        runId,
        prepared,
        signal: controller.signal,
        onExecution: (execution) => {
          entry.execution = execution;
        },
      })
        .catch(() => {})
        .finally(() => active.delete(runId));
      active.set(runId, entry);
    },
    async stop(runId) {
      const entry = active.get(runId);
      if (!entry) return false;
      if (entry.execution) await entry.execution.stop();
      else entry.controller.abort(new Error('stopped'));
      await entry.done;
      return true;
    },
    isActive: (runId) => active.has(runId),
    async drain() {
      await Promise.all([...active.values()].map((entry) => entry.done));
    },
    async interrupt() {
      const entries = [...active.entries()];
      for (const [, entry] of entries) entry.controller.abort(new RunInterruption());
      await Promise.all(entries.map(([, entry]) => entry.done));
      return entries.map(([runId]) => runId);
    },
  };
}
