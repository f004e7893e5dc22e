import type { JobBackoff } from '@renum/contracts';

/**
 * How long to wait after attempt `failedAttempt` (1-based) failed: `delayMs`, doubled per attempt for
 * `exponential`, capped at `maxDelayMs`, then shortened by a random fraction of at most `jitter`. The
 * jitter only shortens, so a wait never exceeds the cap, and with jitter below 0.5 each exponential wait
 * is still longer than the one before.
 */
export function retryDelayMs(backoff: JobBackoff, failedAttempt: number, random: () => number): number {
  const base = backoff.type === 'fixed' ? backoff.delayMs : backoff.delayMs * 2 ** (failedAttempt - 1);
  const capped = Math.min(base, backoff.maxDelayMs);
  return Math.round(capped * (1 - backoff.jitter * random()));
}
