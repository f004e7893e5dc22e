import {
  type Context,
  context,
  defaultTextMapGetter,
  isSpanContextValid,
  ROOT_CONTEXT,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { PlatformDeps } from '@renum/platform';

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

const propagator = new W3CTraceContextPropagator();

/** The context a stored `traceparent` names, or the active one without it. */
export function contextOfTraceParent(traceParent: string | null | undefined): Context {
  if (!traceParent) return context.active();
  return propagator.extract(ROOT_CONTEXT, { traceparent: traceParent }, defaultTextMapGetter);
}

/** `PlatformDeps.traceStep` on `tracer`: an INTERNAL span around `work`, an error status when it throws. */
export function traceStepWith(tracer: Tracer): NonNullable<PlatformDeps['traceStep']> {
  return (name, options, work) =>
    tracer.startActiveSpan(
      name,
      { kind: SpanKind.INTERNAL, attributes: options.attributes },
      contextOfTraceParent(options.traceParent),
      async (span) => {
        try {
          return await work((attributes) => span.setAttributes(attributes));
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
          throw error;
        } finally {
          span.end();
        }
      },
    );
}
