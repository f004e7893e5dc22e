import type { RunEventDraft } from '@renum/contracts';
import { runNote } from '@renum/contracts';
import type { RunExecutionState } from '@renum/runtime';

const message = 'The answer was interrupted because the server stopped; send the message again';

/**
 * The abort reason of a run cut short because its process is stopping (see `RunManager.interrupt`),
 * as opposed to a person stopping it: the run then ends `failed` with `INTERRUPTED`, not `stopped`.
 */
export class RunInterruption extends Error {
  constructor() {
    super(message);
    this.name = 'RunInterruption';
  }
}

/** True when `signal` was aborted by {@link RunInterruption}. */
export function isInterrupted(signal: AbortSignal): boolean {
  return signal.aborted && signal.reason instanceof RunInterruption;
}

/** The terminal event of an interrupted run: the one recovery writes for a run whose process died. */
export const interruptedEvent: RunEventDraft = {
  type: 'error',
  code: 'INTERRUPTED',
  error: message,
  retryable: true,
  content: '❌ Interrompido',
  ...runNote('run.interrupted'),
};

/**
 * What a run's executor ended with, read in the light of why it was aborted: an execution stopped by
 * an interruption is settled as `failed` with `INTERRUPTED`; anything else is left as it is.
 */
export function settledState(
  state: RunExecutionState,
  signal: AbortSignal,
): { state: RunExecutionState; interrupted: boolean } {
  if (state.status !== 'stopped' || !isInterrupted(signal)) return { state, interrupted: false };
  return {
    state: { ...state, status: 'failed', error: { code: 'INTERRUPTED', message, retryable: true } },
    interrupted: true,
  };
}

/**
 * The abort reason of a run this worker gives up without settling it: its job's lease went to another
 * worker, or the job queue handed the job back. The next worker to claim the job resumes the run.
 */
export class RunHandback extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RunHandback';
  }
}

/** True when `signal` was aborted by {@link RunHandback}. */
export function isHandedBack(signal: AbortSignal): boolean {
  return signal.aborted && signal.reason instanceof RunHandback;
}
