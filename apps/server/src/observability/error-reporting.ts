import { scrubText, scrubValue } from '@renum/contracts';
import type { ErrorEvent } from '@sentry/node';

/** Where an error happened, as the report carries it (never headers, bodies or query strings). */
export interface ErrorScope {
  requestId?: string | undefined;
  method?: string | undefined;
  /** The route template (`/v1/agents/:id`), never the path with its ids and query. */
  route?: string | undefined;
  /** The OpenTelemetry trace and span the error happened in, so the report links to the trace. */
  traceId?: string | undefined;
  spanId?: string | undefined;
  clientId?: string | undefined;
  /** What failed besides a request: `job` with its name. */
  job?: string | undefined;
}

/** Reports errors to an error tracker (Sentry); each call reports one error once. */
export interface ErrorReporter {
  report(error: unknown, scope: ErrorScope): void;
  /** Sends what is queued (at shutdown); false when the timeout passed first. */
  flush(timeoutMs: number): Promise<boolean>;
}

/**
 * The last step before an event leaves (Sentry's `beforeSend`): no cookies, no request body, no
 * secret-named header or field, and secret-looking strings (bearer tokens, API keys, JWTs) masked
 * anywhere in the message, exception values, breadcrumbs, extra data and contexts.
 */
export function scrubEvent<Event extends ErrorEvent>(event: Event): Event {
  if (event.request) {
    delete event.request.cookies;
    delete event.request.data;
    delete event.request.query_string;
    if (event.request.headers)
      event.request.headers = scrubValue(event.request.headers) as Record<string, string>;
  }
  if (event.user) event.user = { ...(event.user.id ? { id: event.user.id } : {}) };
  if (event.message) event.message = scrubText(event.message);
  for (const exception of event.exception?.values ?? []) {
    if (exception.value) exception.value = scrubText(exception.value);
  }
  for (const breadcrumb of event.breadcrumbs ?? []) {
    if (breadcrumb.message) breadcrumb.message = scrubText(breadcrumb.message);
    if (breadcrumb.data) breadcrumb.data = scrubValue(breadcrumb.data) as Record<string, unknown>;
  }
  if (event.extra) event.extra = scrubValue(event.extra) as Record<string, unknown>;
  if (event.contexts) event.contexts = scrubValue(event.contexts) as ErrorEvent['contexts'];
  return event;
}

/** Options of {@link createSentryReporter}. */
export interface SentryOptions {
  dsn: string;
  environment?: string | undefined;
  release?: string | undefined;
}

/**
 * Starts the official Sentry SDK (`@sentry/node`) for this process and answers a reporter. The SDK is
 * imported here, only when a DSN is configured: it is about half the modules a server loads at boot, and a
 * process without Sentry never needs them (every server start, and so every browser test, paid for them).
 * Only what this reporter hands over is sent, plus uncaught exceptions and unhandled rejections: no
 * automatic HTTP instrumentation (which would read request bodies and headers), no PII, no performance
 * tracing (traces go to the OpenTelemetry exporter; each report names its trace id). Every event passes
 * {@link scrubEvent}.
 */
export async function createSentryReporter(options: SentryOptions): Promise<ErrorReporter> {
  const Sentry = await import('@sentry/node');
  Sentry.init({
    dsn: options.dsn,
    ...(options.environment ? { environment: options.environment } : {}),
    ...(options.release ? { release: options.release } : {}),
    sendDefaultPii: false,
    skipOpenTelemetrySetup: true,
    defaultIntegrations: false,
    integrations: [
      Sentry.onUncaughtExceptionIntegration(),
      Sentry.onUnhandledRejectionIntegration(),
      Sentry.linkedErrorsIntegration(),
      Sentry.dedupeIntegration(),
    ],
    beforeSend: (event) => scrubEvent(event),
    beforeBreadcrumb: (breadcrumb) => ({
      ...breadcrumb,
      ...(breadcrumb.message ? { message: scrubText(breadcrumb.message) } : {}),
    }),
  });
  return {
    report(error, scope) {
      Sentry.withScope((sentryScope) => {
        if (scope.traceId) {
          sentryScope.setPropagationContext({
            traceId: scope.traceId,
            sampleRand: Math.random(),
            ...(scope.spanId ? { propagationSpanId: scope.spanId } : {}),
          });
          sentryScope.setTag('trace_id', scope.traceId);
        }
        if (scope.requestId) sentryScope.setTag('request_id', scope.requestId);
        if (scope.route) sentryScope.setTag('route', scope.route);
        if (scope.job) sentryScope.setTag('job', scope.job);
        if (scope.clientId) sentryScope.setTag('client_id', scope.clientId);
        if (scope.method || scope.route)
          sentryScope.addEventProcessor((event) => ({
            ...event,
            request: { method: scope.method, url: scope.route },
          }));
        Sentry.captureException(error);
      });
    },
    flush: (timeoutMs) => Sentry.flush(timeoutMs),
  };
}
