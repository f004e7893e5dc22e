import {
  context,
  isSpanContextValid,
  type SpanContext,
  SpanKind,
  type Tracer,
  trace,
} from '@opentelemetry/api';

/** A span context as a W3C `traceparent` header value. */
export function formatTraceParent(ids: SpanContext): string {
  return `00-${ids.traceId}-${ids.spanId}-${ids.traceFlags.toString(16).padStart(2, '0')}`;
}

/**
 * The `traceparent` a new run stores (ADR 0069): the active span's (the HTTP request that sent the
 * message), else a short `renum.run.create` span's, started and ended here as the root of the run's
 * trace (a schedule's tick or a team step started by a job has no span of its own).
 */
export function runTraceParent(tracer: Tracer) {
  return (run: { runId: string; clientId: string }): string | null => {
    const active = trace.getActiveSpan()?.spanContext();
    if (active && isSpanContextValid(active)) return formatTraceParent(active);
    const span = tracer.startSpan(
      'renum.run.create',
      { kind: SpanKind.INTERNAL, attributes: { 'renum.run_id': run.runId, 'renum.client_id': run.clientId } },
      context.active(),
    );
    span.end();
    const ids = span.spanContext();
    return isSpanContextValid(ids) ? formatTraceParent(ids) : null;
  };
}
