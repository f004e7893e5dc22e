import type { Run } from '@renum/contracts';

/** Badge tone of a run status. */
export function runStatusTone(status: Run['status']) {
  if (status === 'completed') return 'success' as const;
  if (status === 'failed') return 'danger' as const;
  if (status === 'stopped') return 'warning' as const;
  return 'primary' as const;
}

/** Milliseconds from start (or queue) to finish; null while the run goes on. */
export function runDurationMs(run: Pick<Run, 'queued_at' | 'started_at' | 'finished_at'>): number | null {
  if (!run.finished_at) return null;
  return Date.parse(run.finished_at) - Date.parse(run.started_at ?? run.queued_at);
}
