import {
  defaultMaxParallel,
  type TeamExecutionStatus,
  type TeamStepStatus,
  type WorkflowDefinition,
} from '@renum/contracts';
import { conditionsHold } from './evaluate-conditions.ts';
import { inputReady } from './step-input.ts';

/** What the planner decides for an execution given its steps' states and its shared context. */
export interface NextSteps {
  /** Indexes of the steps to start now. */
  start: number[];
  /** Indexes of pending steps that will never run (a failed step before them, no condition holds). */
  skip: number[];
  /** The execution's final status once nothing runs or will run; null while it goes on. */
  done: Extract<TeamExecutionStatus, 'completed' | 'failed'> | null;
}

const finished: ReadonlySet<TeamStepStatus> = new Set(['completed', 'failed', 'skipped', 'cancelled']);

/**
 * The engine's one decision (seed 002 `_execute_*_workflow`), pure so each rule is tested alone:
 * `sequential` starts the first pending step once every earlier one completed, and stops at a failure;
 * `parallel` starts every pending step (at most `max_parallel` running) and completes when at least one
 * step completed; `conditional` runs in rounds: when no step is running, it starts every pending step
 * whose conditions hold and whose input exists, and ends when none is eligible.
 */
export function planNextSteps(options: {
  definition: WorkflowDefinition;
  statuses: readonly TeamStepStatus[];
  context: Readonly<Record<string, unknown>>;
}): NextSteps {
  const { definition, statuses } = options;
  const limit = definition.max_parallel ?? defaultMaxParallel;
  const running = statuses.filter((status) => status === 'running').length;
  const pending = statuses.flatMap((status, index) => (status === 'pending' ? [index] : []));
  switch (definition.type) {
    case 'sequential':
      return planSequential(statuses);
    case 'parallel': {
      if (pending.length > 0)
        return { start: pending.slice(0, Math.max(0, limit - running)), skip: [], done: null };
      if (running > 0) return { start: [], skip: [], done: null };
      return { start: [], skip: [], done: statuses.includes('completed') ? 'completed' : 'failed' };
    }
    case 'conditional': {
      if (running > 0) return { start: [], skip: [], done: null };
      const eligible = pending.filter((index) => {
        const step = definition.agents[index]!;
        return conditionsHold(step.conditions, options.context) && inputReady(step, options.context);
      });
      if (eligible.length > 0) return { start: eligible.slice(0, limit), skip: [], done: null };
      return { start: [], skip: pending, done: statuses.includes('failed') ? 'failed' : 'completed' };
    }
  }
}

function planSequential(statuses: readonly TeamStepStatus[]): NextSteps {
  for (let index = 0; index < statuses.length; index++) {
    const status = statuses[index]!;
    if (status === 'running') return { start: [], skip: [], done: null };
    if (status === 'pending') return { start: [index], skip: [], done: null };
    if (status === 'failed' || status === 'cancelled') {
      const rest = statuses.flatMap((later, at) => (at > index && later === 'pending' ? [at] : []));
      return { start: [], skip: rest, done: 'failed' };
    }
  }
  return { start: [], skip: [], done: statuses.every((status) => finished.has(status)) ? 'completed' : null };
}
