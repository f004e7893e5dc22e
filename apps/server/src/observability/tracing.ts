import { context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/** The tracer of one process and how to flush it. */
export interface Tracing {
  readonly tracer: Tracer;
  /**
   * Exports what is pending and stops; call it on shutdown. Rejects when the collector refuses the last
   * batch or does not answer within `shutdownTimeoutMs`.
   */
  shutdown(): Promise<void>;
}

let contextManagerSet = false;

/**
 * Creates the process's tracer (official OpenTelemetry SDK). Spans go to `exporter` when given (tests:
 * an in-memory exporter, one span at a time), else over OTLP/HTTP to `<otlpEndpoint>/v1/traces` in
 * batches. The provider is not registered globally, so several apps in one process (tests) keep their
 * spans apart; the AsyncLocalStorage context manager, which carries the active span across `await`, is
 * process-wide and set once.
 */
export function createTracing(options: {
  serviceName: string;
  otlpEndpoint?: string | undefined;
  exporter?: SpanExporter;
  /** How long shutdown waits for the last export. @defaultValue 2000 */
  shutdownTimeoutMs?: number;
}): Tracing {
  if (!contextManagerSet) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    contextManagerSet = true;
  }
  const processor = options.exporter
    ? new SimpleSpanProcessor(options.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint}/v1/traces` }));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    spanProcessors: [processor],
  });
  const timeoutMs = options.shutdownTimeoutMs ?? 2000;
  return {
    tracer: provider.getTracer('renum'),
    async shutdown() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new Error(`trace export unfinished after ${timeoutMs} ms`)),
          timeoutMs,
        );
        timer.unref();
      });
      try {
        await Promise.race([provider.shutdown(), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
