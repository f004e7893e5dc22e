import { setTimeout as sleepTimer } from 'node:timers/promises';

/** Options of a call policy; every one is optional. */
export interface CallPolicyOptions {
  /**
   * Longest wait for a call's first output (the whole answer for a non-streaming call), per attempt.
   * @defaultValue 60_000
   */
  readonly timeoutMs?: number;
  /**
   * Longest silence between two parts of a stream once output began.
   * @defaultValue 60_000
   */
  readonly idleTimeoutMs?: number;
  /**
   * Retries per model after its first attempt, for retryable failures only (seed 004 #3: 3 attempts).
   * @defaultValue 2
   */
  readonly maxRetries?: number;
  /**
   * Wait before the first retry when the provider asks for none; doubles (see `backoffFactor`) each retry.
   * @defaultValue 1_000
   */
  readonly initialDelayMs?: number;
  /** @defaultValue 2 */
  readonly backoffFactor?: number;
  /** Cap of the exponential wait. @defaultValue 10_000 */
  readonly maxDelayMs?: number;
  /**
   * Cap of a wait asked by the provider (`Retry-After`, `retry-after-ms`): longer requests are shortened to this.
   * @defaultValue 30_000
   */
  readonly maxRetryAfterMs?: number;
  /**
   * Random spread applied to exponential waits (0.2 = ±20%), so many runs do not retry in lockstep.
   * Waits the provider asked for are not spread.
   * @defaultValue 0.2
   */
  readonly jitter?: number;
  /** Waits; must reject when `signal` aborts. @defaultValue node:timers/promises setTimeout */
  readonly sleep?: (options: { ms: number; signal?: AbortSignal | undefined }) => Promise<void>;
  /** Clock in epoch milliseconds, for durations and HTTP-date `Retry-After`. @defaultValue Date.now */
  readonly now?: () => number;
  /** Random source in [0, 1) for jitter. @defaultValue Math.random */
  readonly random?: () => number;
}

/** {@link CallPolicyOptions} with every default applied. */
export type CallPolicySettings = {
  readonly [KEY in keyof CallPolicyOptions]-?: NonNullable<CallPolicyOptions[KEY]>;
};

async function defaultSleep(options: { ms: number; signal?: AbortSignal | undefined }): Promise<void> {
  await sleepTimer(options.ms, undefined, options.signal ? { signal: options.signal } : undefined);
}

/** Applies the defaults of {@link CallPolicyOptions}; throws `RangeError` on negative numbers. */
export function resolveCallPolicySettings(options: CallPolicyOptions = {}): CallPolicySettings {
  const settings: CallPolicySettings = {
    timeoutMs: options.timeoutMs ?? 60_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    maxRetries: options.maxRetries ?? 2,
    initialDelayMs: options.initialDelayMs ?? 1_000,
    backoffFactor: options.backoffFactor ?? 2,
    maxDelayMs: options.maxDelayMs ?? 10_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
    jitter: options.jitter ?? 0.2,
    sleep: options.sleep ?? defaultSleep,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
  };
  for (const key of ['timeoutMs', 'idleTimeoutMs', 'maxRetries', 'initialDelayMs', 'maxDelayMs'] as const) {
    if (!(settings[key] >= 0)) throw new RangeError(`call policy ${key} must be >= 0`);
  }
  return settings;
}

/** Wait before retry number `retry` (1 = first retry): the provider's ask (capped), else exponential backoff. */
export function retryDelayMs(options: {
  settings: CallPolicySettings;
  retry: number;
  retryAfterMs: number | undefined;
}): number {
  const { settings, retry } = options;
  if (options.retryAfterMs !== undefined) return Math.min(options.retryAfterMs, settings.maxRetryAfterMs);
  const base = Math.min(settings.initialDelayMs * settings.backoffFactor ** (retry - 1), settings.maxDelayMs);
  const spread = base * settings.jitter * (settings.random() * 2 - 1);
  return Math.max(0, Math.round(base + spread));
}
