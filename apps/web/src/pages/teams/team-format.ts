import type { TeamExecutionStatus, TeamStepStatus } from '@renum/contracts';

type Tone = 'neutral' | 'success' | 'warning' | 'danger' | 'primary';

/** Badge tone of an execution's state. */
export function executionTone(status: TeamExecutionStatus): Tone {
  return (
    {
      pending: 'neutral',
      running: 'primary',
      completed: 'success',
      failed: 'danger',
      cancelled: 'warning',
    } as const
  )[status];
}

/** Badge tone of a step's state. */
export function stepTone(status: TeamStepStatus): Tone {
  return (
    {
      pending: 'neutral',
      running: 'primary',
      completed: 'success',
      failed: 'danger',
      skipped: 'neutral',
      cancelled: 'warning',
    } as const
  )[status];
}
