import { sumUsd } from '../pricing/usd-units.ts';
import type { ExecutionError, ExecutionStatus, RunExecutionState, StepUsage } from './executor.ts';

/** The mutable state behind a built-in execution; {@link MutableRunState.snapshot} copies it out. */
export interface MutableRunState {
  status: ExecutionStatus;
  text: string;
  attempts: number;
  error: ExecutionError | null;
  startedAt: Date | null;
  firstTokenAt: Date | null;
  finishedAt: Date | null;
  readonly steps: StepUsage[];
  snapshot(): RunExecutionState;
}

/** Creates the state of a run that has not started. */
export function createRunState(): MutableRunState {
  const state: MutableRunState = {
    status: 'queued',
    text: '',
    attempts: 0,
    error: null,
    startedAt: null,
    firstTokenAt: null,
    finishedAt: null,
    steps: [],
    snapshot() {
      let inputTokens = 0;
      let outputTokens = 0;
      let totalTokens = 0;
      for (const step of state.steps) {
        inputTokens += step.inputTokens;
        outputTokens += step.outputTokens;
        totalTokens += step.totalTokens;
      }
      return {
        status: state.status,
        usage: {
          inputTokens,
          outputTokens,
          totalTokens,
          costUsd: sumUsd(state.steps.map((step) => step.costUsd)),
        },
        steps: [...state.steps],
        text: state.text,
        attempts: state.attempts,
        error: state.error,
        startedAt: state.startedAt,
        firstTokenAt: state.firstTokenAt,
        finishedAt: state.finishedAt,
      };
    },
  };
  return state;
}
