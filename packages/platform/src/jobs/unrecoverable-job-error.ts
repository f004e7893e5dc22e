/**
 * Thrown by a job handler when trying again cannot help (the record it works on is gone, the input is
 * wrong): the job goes straight to `dead` with this message, whatever attempts it has left.
 */
export class UnrecoverableJobError extends Error {
  override readonly name = 'UnrecoverableJobError';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }

  /** True for an UnrecoverableJobError from any copy of this module. */
  static isInstance(value: unknown): value is UnrecoverableJobError {
    return value instanceof Error && value.name === 'UnrecoverableJobError';
  }
}
