import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { context, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';

/**
 * Spans for what a traced piece of work asks of its dependencies (ADR 0071): a CLIENT span per outbound
 * HTTP request (undici's diagnostics channels, which `fetch` and `undici.request` publish on, so no module
 * is patched) and per Postgres statement (the pool's connections, wrapped as they open). Only inside an
 * active span: work nobody traces (a poll, a scrape) makes none. Attributes are the method, host, port,
 * path without its query, status and the statement's operation: never a query string, a header, a body,
 * a statement's text or its values, so no credential or prompt reaches a span.
 */
interface UndiciRequest {
  origin: string | URL;
  method: string;
  path: string;
}

const channels = {
  create: 'undici:request:create',
  headers: 'undici:request:headers',
  trailers: 'undici:request:trailers',
  error: 'undici:request:error',
} as const;

/** Traces outbound HTTP requests made inside an active span; returns how to stop. */
export function traceOutboundHttp(tracer: Tracer): () => void {
  const spans = new WeakMap<object, Span>();
  const onCreate = (message: unknown) => {
    const { request } = message as { request: UndiciRequest };
    if (!trace.getActiveSpan()) return;
    const origin = new URL(String(request.origin));
    const path = request.path.split('?')[0] ?? '/';
    const span = tracer.startSpan(
      request.method,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': request.method,
          'server.address': origin.hostname,
          'server.port': Number(origin.port || (origin.protocol === 'https:' ? 443 : 80)),
          'url.path': path,
        },
      },
      context.active(),
    );
    spans.set(request, span);
  };
  const onHeaders = (message: unknown) => {
    const { request, response } = message as { request: object; response: { statusCode: number } };
    const span = spans.get(request);
    span?.setAttribute('http.response.status_code', response.statusCode);
    if (span && response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  };
  const onTrailers = (message: unknown) => {
    const { request } = message as { request: object };
    spans.get(request)?.end();
    spans.delete(request);
  };
  const onError = (message: unknown) => {
    const { request, error } = message as { request: object; error: Error };
    const span = spans.get(request);
    if (!span) return;
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.name });
    span.end();
    spans.delete(request);
  };
  const handlers = { create: onCreate, headers: onHeaders, trailers: onTrailers, error: onError };
  for (const [name, handler] of Object.entries(handlers))
    subscribe(channels[name as keyof typeof channels], handler);
  return () => {
    for (const [name, handler] of Object.entries(handlers))
      unsubscribe(channels[name as keyof typeof channels], handler);
  };
}

/** A pooled Postgres connection, as far as tracing it needs. */
interface QueryableClient {
  query: (...args: never[]) => unknown;
}

/** The statement's operation (`select`, `insert`, `begin`…), from its first word. */
function operationOf(config: unknown): string {
  const text = typeof config === 'string' ? config : (config as { text?: unknown } | null)?.text;
  const word = typeof text === 'string' ? /^\s*([a-z]+)/i.exec(text)?.[1] : undefined;
  return (word ?? 'query').toLowerCase();
}

/**
 * Wraps a new pooled connection's `query` so each statement sent inside an active span is a CLIENT span
 * named by its operation (`openDatabase`'s `onConnect`).
 */
export function traceDatabaseQueries(tracer: Tracer): (client: QueryableClient) => void {
  return (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      if (!trace.getActiveSpan() || typeof args.at(-1) === 'function') return query(...args);
      const operation = operationOf(args[0]);
      const span = tracer.startSpan(
        operation,
        {
          kind: SpanKind.CLIENT,
          attributes: { 'db.system.name': 'postgresql', 'db.operation.name': operation },
        },
        context.active(),
      );
      const result = query(...args);
      if (result instanceof Promise) {
        result.then(
          () => span.end(),
          (error: unknown) => {
            span.setStatus({
              code: SpanStatusCode.ERROR,
              message: (error as { code?: string }).code ?? 'error',
            });
            span.end();
          },
        );
      } else span.end();
      return result;
    };
  };
}
