import { AppError, jobBackoffSchema } from '@renum/contracts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { retryDelayMs } from '../../src/jobs/backoff.ts';
import { defineJob } from '../../src/jobs/define-job.ts';
import { settlePersistently } from '../../src/jobs/settle-job.ts';

const payload = z.object({ id: z.string() });

describe('defineJob', () => {
  it('fills the retry defaults and keys the job by name and version', () => {
    const job = defineJob({ name: 'conversation.summarize', version: 2, queue: 'background', payload });
    expect(job.key).toBe('conversation.summarize@2');
    expect(job.retry).toEqual({
      attempts: 3,
      backoff: { type: 'exponential', delayMs: 1000, maxDelayMs: 3_600_000, jitter: 0.2 },
    });
    expect(Object.isFrozen(job)).toBe(true);
  });

  it('refuses a bad name, queue, version or retry when the module loads', () => {
    const bad = [
      { name: 'Has Spaces', queue: 'q' },
      { name: 'ok', queue: 'with:colon' },
      { name: 'ok', queue: 'q', version: 0 },
      { name: 'ok', queue: 'q', retry: { attempts: 0 } },
      { name: 'ok', queue: 'q', retry: { backoff: { jitter: 2 } } },
    ];
    for (const options of bad) {
      let error: unknown = null;
      try {
        defineJob({ ...options, payload });
      } catch (caught) {
        error = caught;
      }
      expect(AppError.isInstance(error) && error.code).toBe('VALIDATION_ERROR');
    }
  });
});

describe('retryDelayMs', () => {
  const backoff = jobBackoffSchema.parse({ delayMs: 100, maxDelayMs: 1000, jitter: 0.2 });

  it('doubles per attempt up to the cap, and jitter only shortens', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(backoff, attempt, () => 0))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect([1, 2, 3].map((attempt) => retryDelayMs(backoff, attempt, () => 1))).toEqual([80, 160, 320]);
    expect(retryDelayMs({ ...backoff, type: 'fixed' }, 7, () => 0)).toBe(100);
  });
});

describe('settlePersistently', () => {
  it('tries a failing settlement again and reports each failure', async () => {
    const failures: unknown[] = [];
    let calls = 0;
    const result = await settlePersistently(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('connection reset');
        return true;
      },
      (error) => failures.push(error),
    );
    expect(result).toBe(true);
    expect(calls).toBe(2);
    expect(failures).toHaveLength(1);
  });
});
