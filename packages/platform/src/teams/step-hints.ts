/** The step's run to execute, and where its events stream. */
export interface PreparedStep {
  runId: string;
  conversationId: string;
  stepIndex: number;
  role: string;
  attempts: number;
  /** How long one attempt may take (the step's `retry.timeout_seconds`). */
  timeoutMs: number;
  /**
   * The run was created by the job's own handler just now (a new attempt of the step), so no other worker
   * ever had it: stored claimed by this process, it is executed on that claim whatever the job's attempt.
   */
  fresh?: boolean | undefined;
}

/** Offers kept at most (a step whose job another process took leaves one behind). */
const maxOffers = 1000;

/**
 * Steps this process started with their run already created (and claimed by it), by step id: the step's
 * `team.step` job, when it runs here on its first attempt, takes its offer instead of reading the step
 * again in a transaction of its own. Like the run manager's hints, an offer is only a shortcut: a job
 * without one (another process, a retry) reads the step.
 */
export interface StepOffers {
  offer(stepId: string, prepared: PreparedStep): void;
  /** The offer for the step, removed; undefined when there is none. */
  take(stepId: string): PreparedStep | undefined;
}

/** Creates the offers of this process. */
export function createStepOffers(): StepOffers {
  const offers = new Map<string, PreparedStep>();
  return {
    offer(stepId, prepared) {
      offers.set(stepId, prepared);
      if (offers.size > maxOffers) offers.delete(offers.keys().next().value as string);
    },
    take(stepId) {
      const prepared = offers.get(stepId);
      offers.delete(stepId);
      return prepared;
    },
  };
}
