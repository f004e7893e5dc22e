import { AppError, type ErrorBody } from '@renum/contracts';
import { isPoolExhausted } from '@renum/db';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { traceIds } from '../logger.ts';
import type { ErrorReporter } from '../observability/error-reporting.ts';
import { routeLabel } from '../observability/route-label.ts';

interface ValidationDetail {
  field: string;
  message: string;
}

/** Hands an unexpected error to the error tracker with the request's ids and trace, never its data. */
function reportTo(reporter: ErrorReporter | undefined, error: unknown, request: FastifyRequest): void {
  if (!reporter) return;
  const ids = traceIds();
  reporter.report(error, {
    requestId: request.id,
    method: request.method,
    route: routeLabel(request),
    traceId: ids.trace_id,
    spanId: ids.span_id,
    clientId: request.principal?.clientId ?? undefined,
  });
}

/**
 * Turns anything thrown into the wire error shape; one place maps codes to statuses. Unexpected errors
 * (an unhandled throw, an `INTERNAL_ERROR`) are also reported to `reporter` (Sentry), once each.
 */
export function registerErrorHandler(
  app: FastifyInstance,
  options: { bodyLimitBytes: number; reporter?: ErrorReporter | undefined },
): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (AppError.isInstance(error)) {
      if (error.status >= 500) request.log.error({ err: error }, 'request failed');
      if (error.code === 'INTERNAL_ERROR') reportTo(options.reporter, error, request);
      if (error.code === 'RATE_LIMITED' || error.code === 'QUOTA_EXCEEDED') {
        const retryAfter = error.context.retry_after;
        if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      }
      return reply.status(error.status).send(error.toBody());
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details: ValidationDetail[] = error.validation.map((issue) => ({
        field: [error.validationContext, ...String(issue.instancePath).split('/').filter(Boolean)].join('.'),
        message: issue.message ?? 'is invalid',
      }));
      const first = details[0];
      return reply.status(400).send({
        error: first ? `Invalid ${first.field}: ${first.message}` : 'Invalid request',
        code: 'VALIDATION_ERROR',
        details,
      } satisfies ErrorBody);
    }
    // Issue #2 asks oversized bodies to be 400 VALIDATION_ERROR (see docs/decisions/0002).
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(400).send({
        error: `Request body is larger than ${options.bodyLimitBytes} bytes`,
        code: 'VALIDATION_ERROR',
        limit_bytes: options.bodyLimitBytes,
      } satisfies ErrorBody);
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply
        .status(415)
        .send({ error: 'Unsupported content type: send application/json', code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply
        .status(400)
        .send({ error: `Invalid request: ${error.message}`, code: 'VALIDATION_ERROR' } satisfies ErrorBody);
    }
    if (isPoolExhausted(error)) {
      // Every database connection is busy: a passing overload. Log it, and let the client retry.
      request.log.warn({ err: error }, 'database pool exhausted');
      reply.header('retry-after', '1');
      return reply.status(503).send({
        error: 'The server is busy; retry in a moment',
        code: 'SERVICE_UNAVAILABLE',
      } satisfies ErrorBody);
    }
    request.log.error({ err: error }, 'unhandled error');
    reportTo(options.reporter, error, request);
    return reply
      .status(500)
      .send({ error: 'Internal error', code: 'INTERNAL_ERROR', request_id: request.id });
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ error: `Route not found: ${request.method} ${request.url.split('?')[0]}`, code: 'NOT_FOUND' }),
  );
}
