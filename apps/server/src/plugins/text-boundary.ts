import { AppError, findTextIssues, textIssueField, textProblemMessages } from '@renum/contracts';
import type { FastifyInstance } from 'fastify';

/** One problem in the `details` of a validation error. */
interface ValidationDetail {
  field: string;
  message: string;
}

/**
 * The `400 VALIDATION_ERROR` for text that cannot be stored (NUL, lone surrogates, in values or keys)
 * among the given request parts, named like the schema errors (`body.config.x`, `querystring.search`),
 * or null when every string is fine. Other boundaries (WebSocket frames, uploaded files) reuse it.
 */
export function textBoundaryError(
  parts: ReadonlyArray<readonly [root: string, value: unknown]>,
): AppError | null {
  const details: ValidationDetail[] = [];
  for (const [root, value] of parts) {
    for (const issue of findTextIssues(value, { limit: 20 - details.length })) {
      const message = textProblemMessages[issue.problem];
      details.push({ field: textIssueField(root, issue), message: issue.inKey ? `key ${message}` : message });
    }
  }
  const first = details[0];
  if (!first) return null;
  return new AppError('VALIDATION_ERROR', `Invalid ${first.field}: ${first.message}`, {
    context: { details },
  });
}

/**
 * Refuses, before validation and before anything is stored, every request whose body, query string,
 * path parameters or headers carry text that Postgres cannot store (see `findTextIssues`). One hook on
 * the root instance, so every route, present and future, follows the rule.
 */
export function registerTextBoundary(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const error = textBoundaryError([
      ['body', request.body],
      ['querystring', request.query],
      ['params', request.params],
      ['headers', request.headers],
    ]);
    if (error) throw error;
  });
}
