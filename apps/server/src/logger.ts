import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { LoggerOptions } from 'pino';

/** Paths pino must never print: credentials, tokens and passwords wherever they appear. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'password',
  'refresh_token',
  'access_token',
  'secret',
  '*.password',
  '*.password_hash',
  '*.refresh_token',
  '*.access_token',
  '*.secret',
  '*.api_key',
  '*.jwtSecret',
];

/** Query parameters that carry a credential (`GET /ws?token=` or `?ticket=`): never printed. */
const credentialQuery = /([?&](?:token|ticket|access_token)=)[^&#]*/gi;

/** A URL as the logs show it: credential query values replaced. */
export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(credentialQuery, '$1[redacted]');
}

/** Fastify's request serializer, with the URL's credentials redacted. */
function serializeRequest(request: {
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    version: request.headers?.['accept-version'],
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/**
 * The trace and span ids of the active span, so a log line joins its trace (issue 16); nothing outside
 * a span or when tracing is off.
 */
export function traceIds(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const ids = span.spanContext();
  return isSpanContextValid(ids) ? { trace_id: ids.traceId, span_id: ids.spanId } : {};
}

/** Logger options of the server: structured JSON with request and trace ids, secrets redacted. */
export function loggerOptions(level: LoggerOptions['level']): LoggerOptions {
  return {
    level: level ?? 'info',
    mixin: traceIds,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: { req: serializeRequest },
  };
}
