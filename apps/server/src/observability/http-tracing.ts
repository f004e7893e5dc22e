import { context, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { routeLabel } from './route-label.ts';

const propagator = new W3CTraceContextPropagator();
const headerGetter = {
  keys: (carrier: FastifyRequest['headers']) => Object.keys(carrier),
  get: (carrier: FastifyRequest['headers'], key: string) => carrier[key],
};

/**
 * One SERVER span per request, named by its route template, child of an incoming W3C `traceparent`.
 * The handler runs inside it (entered in `preHandler`, after the body is read), so what it starts (a
 * run picked up here after the commit) becomes its child. Attributes: method, route, status and the
 * caller's client id; never the path's query, headers or body.
 */
export function registerHttpTracing(app: FastifyInstance, tracer: Tracer): void {
  const spans = new WeakMap<FastifyRequest, Span>();
  app.addHook('onRequest', (request, _reply, done) => {
    const parent = propagator.extract(context.active(), request.headers, headerGetter);
    const route = routeLabel(request);
    spans.set(
      request,
      tracer.startSpan(
        `${request.method} ${route}`,
        {
          kind: SpanKind.SERVER,
          attributes: {
            'http.request.method': request.method,
            'http.route': route,
            'renum.request_id': request.id,
          },
        },
        parent,
      ),
    );
    done();
  });
  app.addHook('preHandler', (request, _reply, done) => {
    const span = spans.get(request);
    if (!span) return done();
    context.with(trace.setSpan(context.active(), span), done);
  });
  app.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    if (span) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      const clientId = request.principal?.clientId;
      if (clientId) span.setAttribute('renum.client_id', clientId);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      spans.delete(request);
    }
    done();
  });
}
