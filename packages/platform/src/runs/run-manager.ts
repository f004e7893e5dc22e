import type { Transaction } from '@renum/db';
import type { RunExecution } from '@renum/runtime';
import type { PlatformDeps } from '../platform-deps.ts';
import { type ClaimedRun, claimRun, claimRunInTransaction } from './claim-run.ts';
import { type ExecuteOutcome, executeRun, releaseRun, reportRunFailure } from './execute-run.ts';
import type { RunContext } from './run-context.ts';
import type { RunDeps } from './run-deps.ts';
import { RunHandback, RunInterruption } from './run-interruption.ts';
import type { JobCompletion } from './run-jobs.ts';
import type { SettleHook } from './settle-run.ts';

/** Contexts offered by sends of this process, kept at most this many (a job another process claims leaves one behind). */
const maxHints = 1000;

/**
 * The runs this process's worker executes (ADR 0009): each comes from a `run.execute` job, is claimed
 * with a fenced update, executed here and settled under its lease. Stops asked on any process reach it
 * over the event bus.
 */
export interface RunManager {
  /**
   * Offers the context the send that created the run read (without any key), so this process's worker,
   * if it is the one that claims the run, skips reading it again (local pick-up).
   */
  hint(runId: string, hint: RunHint): void;
  /**
   * Claims a run in the transaction that claims its `run.execute` job (ADR 0058), already in the run's
   * client's scope; its answer goes to {@link RunManager.execute} as `claimed`. Undefined when the run
   * executes here already (a duplicate delivery: claiming it would fence the live execution), is settled,
   * or its row is held by another transaction: `execute` then claims it itself, as without this.
   */
  claimInJob(tx: Transaction, options: { runId: string }): Promise<RunClaim | undefined>;
  /**
   * Claims and executes a run (the `run.execute` job's handler). `signal` is the job's: when it aborts
   * (the job's lease was lost, or the queue handed it back), the run is given up unsettled for the next
   * worker. Rejects when the run could not be settled (the job is retried and resumes it). A delivery of
   * a run that is executing here waits for that execution to end before it claims the run.
   */
  execute(options: {
    clientId: string;
    runId: string;
    signal?: AbortSignal | undefined;
    /**
     * The job's attempt: a run stored claimed by this process is taken as it is on the first only (on a
     * retry, another worker may have claimed it since).
     */
    attempt?: number | undefined;
    /**
     * The caller created the run just now, stored claimed by this process (a team step's new attempt, made
     * by its job's handler): no other worker had it, so its stored claim is taken as it is whatever the job's
     * attempt, and it is announced as a first attempt, not as resumed. @defaultValue false
     */
    fresh?: boolean | undefined;
    /** The job's lease: the settlement completes the job in its statement (and says so here). */
    completion?: JobCompletion | undefined;
    /** The run as the job's claim claimed it ({@link RunManager.claimInJob}): no claim of its own. */
    claimed?: RunClaim | undefined;
    /** Work that commits with the run's settlement (a team step's record, ADR 0057). */
    hook?: SettleHook | undefined;
  }): Promise<ExecuteOutcome | 'not-claimed'>;
  /** Stops a run executing here; false when it is not (it may be on another process, or done). */
  stop(runId: string): Promise<boolean>;
  isActive(runId: string): boolean;
  /** Resolves when every run executing here has finished. */
  drain(): Promise<void>;
  /**
   * True once {@link RunManager.drain} or {@link RunManager.interrupt} was called: the process is stopping,
   * so work that would start another run here (a team step's next attempt) leaves it to another process.
   */
  isStopping(): boolean;
  /**
   * Interrupts every run executing here because the process is stopping: each ends `failed` with
   * `INTERRUPTED` and its terminal `error` event (`retryable: true`). Resolves with their ids once settled.
   */
  interrupt(): Promise<string[]>;
  /** Stops listening for stops on the bus. */
  close(): void;
}

/**
 * What a send in this process hands its worker: the context it read (never a key) and, when it stored the
 * run already claimed by this process, that claim.
 */
export interface RunHint {
  context: RunContext;
  claim?: { leaseToken: string; seq: { first: number; last: number } } | undefined;
}

/** A run claimed in its job's claim (ADR 0058). */
export interface RunClaim {
  run: ClaimedRun;
}

interface ActiveRun {
  controller: AbortController;
  execution: RunExecution | null;
  done: Promise<unknown>;
}

/** Creates the run manager of this process. */
export function createRunManager(options: { deps: PlatformDeps; run: RunDeps }): RunManager {
  const { deps, run } = options;
  const active = new Map<string, ActiveRun>();
  const hints = new Map<string, RunHint>();
  let stopping = false;
  const stop = async (runId: string) => {
    const entry = active.get(runId);
    if (!entry) return false;
    if (entry.execution) await entry.execution.stop();
    else entry.controller.abort(new Error('stopped'));
    // Waits for the run to end, however: a failure is the job's to report (its runner logs and counts it).
    await Promise.allSettled([entry.done]);
    return true;
  };
  const unsubscribe = run.bus.onCancel((runId) => {
    // Not started yet: its worker must read the stop, so it claims the run again instead of the send's claim.
    const waiting = hints.get(runId);
    if (waiting) hints.set(runId, { context: waiting.context });
    if (active.has(runId))
      void stop(runId).catch((error: unknown) => reportRunFailure(deps, 'stop', runId, error));
  });

  /**
   * The run as this process stored it claimed (on the job's first attempt, or when the caller has just
   * created it), else claimed now.
   */
  async function claimHere(
    clientId: string,
    runId: string,
    taken: { attempt?: number | undefined; fresh?: boolean | undefined },
  ) {
    const hint = hints.get(runId);
    hints.delete(runId);
    if (hint?.claim && (taken.attempt === 1 || taken.fresh)) {
      const { context, claim } = hint;
      return { run: context.run, leaseToken: claim.leaseToken, seq: claim.seq, context };
    }
    return claimRun(deps, { clientId, runId, ...claimSettings(), hint: hint?.context });
  }

  const claimSettings = () => ({
    processId: run.processId,
    leaseMs: run.leaseMs,
    historyTokenBudget: run.historyTokenBudget,
  });

  async function claimInJob(tx: Transaction, { runId }: { runId: string }) {
    if (active.has(runId)) return undefined;
    // A context a send of this process read (its job was not picked up here): the claim reads it not again.
    const hint = hints.get(runId);
    // The job's row is held here: waiting for the run's row could close a cycle with a settlement, which
    // holds the run's row and then completes the job. A run held elsewhere (or settled) is left to the
    // handler's own claim, in a transaction of its own.
    const options = { runId, ...claimSettings(), hint: hint?.context, skipLocked: true };
    const claimed = await claimRunInTransaction(tx, deps, options);
    if (!claimed) return undefined;
    hints.delete(runId);
    return { run: claimed };
  }

  async function execute({
    clientId,
    runId,
    signal,
    attempt,
    fresh,
    completion,
    claimed: claimedInJob,
    hook,
  }: Parameters<RunManager['execute']>[0]) {
    // A second delivery of the run's job while it runs here: this process's lease on the job lapsed and it
    // claimed the job again, so the first execution is about to be handed back (its job lease is lost).
    // It waits for that execution to end, then claims the run as any worker would: a run the first one
    // settled is not claimed, one it released is resumed. Answering at once would complete the job while
    // the run is released with no job left to resume it. (Its job's claim did not claim the run: claimInJob
    // leaves a run active here alone.)
    const running = active.get(runId);
    if (running) await Promise.allSettled([running.done]);
    if (active.has(runId)) return 'not-claimed' as const; // a third delivery got in first
    const claimed = claimedInJob ? claimedInJob.run : await claimHere(clientId, runId, { attempt, fresh });
    if (!claimed) return 'not-claimed' as const;
    const controller = new AbortController();
    const handBack = () => controller.abort(new RunHandback('the job was handed back'));
    signal?.addEventListener('abort', handBack, { once: true });
    const entry: ActiveRun = { controller, execution: null, done: Promise.resolve() };
    const work = executeRun({
      deps,
      run,
      claimed,
      completion,
      hook,
      signal: controller.signal,
      onExecution: (execution) => {
        entry.execution = execution;
      },
      onCancelRequested: () =>
        void stop(runId).catch((error: unknown) => reportRunFailure(deps, 'stop', runId, error)),
      onLeaseLost: () => controller.abort(new RunHandback('the lease went to another worker')),
    }).then(async (outcome) => {
      if (outcome === 'handed-back') await releaseRun(deps, claimed);
      return outcome;
    });
    entry.done = work;
    active.set(runId, entry);
    try {
      return await work;
    } finally {
      active.delete(runId);
      signal?.removeEventListener('abort', handBack);
    }
  }

  return {
    hint(runId, hint) {
      hints.set(runId, hint);
      if (hints.size > maxHints) hints.delete(hints.keys().next().value as string);
    },
    claimInJob,
    execute,
    stop,
    isActive: (runId) => active.has(runId),
    async drain() {
      stopping = true;
      await Promise.allSettled([...active.values()].map((entry) => entry.done));
    },
    isStopping: () => stopping,
    async interrupt() {
      stopping = true;
      const entries = [...active.entries()];
      for (const [, entry] of entries) entry.controller.abort(new RunInterruption());
      await Promise.allSettled(entries.map(([, entry]) => entry.done));
      return entries.map(([runId]) => runId);
    },
    close: unsubscribe,
  };
}
