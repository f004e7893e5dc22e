import { AppError } from '@renum/contracts';

/**
 * A `400 VALIDATION_ERROR` about one body field, in the shape the schema errors have
 * (`details: [{ field, message }]`), so the wizard's form shows it beside the field.
 */
export function fieldError(field: string, message: string, cause?: unknown): AppError {
  return new AppError('VALIDATION_ERROR', `Invalid ${field}: ${message}`, {
    context: { field, details: [{ field, message }] },
    ...(cause === undefined ? {} : { cause }),
  });
}
