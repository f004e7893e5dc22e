const marker = Symbol.for('renum.ModelCallTimeoutError');

/**
 * A model call gave no output within the call policy's time limit: either no first output within
 * `timeoutMs` or silence longer than `idleTimeoutMs` mid-stream. Retryable, like a 408.
 */
export class ModelCallTimeoutError extends Error {
  override readonly name = 'ModelCallTimeoutError';
  readonly [marker] = true;
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;
  /** Model id of the call, e.g. `openai/gpt-4o-mini`. */
  readonly modelId: string;
  /** Which limit: before the first output, or between outputs. */
  readonly phase: 'first-output' | 'idle';
  readonly isRetryable = true;

  constructor(options: { modelId: string; timeoutMs: number; phase: 'first-output' | 'idle' }) {
    const what = options.phase === 'idle' ? 'stopped sending output for' : 'gave no output within';
    super(`Model ${options.modelId} ${what} ${options.timeoutMs} ms`);
    this.timeoutMs = options.timeoutMs;
    this.modelId = options.modelId;
    this.phase = options.phase;
  }

  /** True for a ModelCallTimeoutError from any copy of this module. */
  static isInstance(value: unknown): value is ModelCallTimeoutError {
    return typeof value === 'object' && value !== null && marker in value;
  }
}
