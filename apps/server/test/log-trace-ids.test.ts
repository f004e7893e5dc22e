import { Writable } from 'node:stream';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loggerOptions } from '../src/logger.ts';
import { createTracing } from '../src/observability/tracing.ts';

describe('log lines carry the trace they were written in', () => {
  const tracing = createTracing({ serviceName: 'renum-log-test', exporter: new InMemorySpanExporter() });
  afterAll(() => tracing.shutdown());

  it('adds trace_id and span_id inside an active span, and nothing outside one', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const logger = pino(loggerOptions('info'), sink);
    const ids = await tracing.tracer.startActiveSpan('request', async (span) => {
      await new Promise((resolve) => setImmediate(resolve));
      logger.info({ password: 'hunter2' }, 'inside');
      span.end();
      return span.spanContext();
    });
    logger.info('outside');
    expect(lines[0]).toMatchObject({ msg: 'inside', trace_id: ids.traceId, span_id: ids.spanId });
    expect(lines[0]!.password).toBe('[redacted]');
    expect(lines[1]!.msg).toBe('outside');
    expect(lines[1]).not.toHaveProperty('trace_id');
  });
});
