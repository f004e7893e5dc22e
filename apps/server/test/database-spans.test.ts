import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { type DatabaseHandle, openDatabase, withClient } from '@renum/db';
import { testPostgresUrl } from '@renum/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceDatabaseQueries } from '../src/observability/dependency-spans.ts';
import { createTracing, type Tracing } from '../src/observability/tracing.ts';

const url = testPostgresUrl();
const secretName = 'NAME-CANARY-3f1c';

describe.skipIf(!url)('Postgres statements of traced work are spans (ADR 0071)', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    tracing = createTracing({ serviceName: 'renum-db-test', exporter });
    handle = await openDatabase({
      kind: 'postgres',
      url: url!,
      poolSize: 2,
      onConnect: traceDatabaseQueries(tracing.tracer),
    });
  });
  afterAll(async () => {
    await handle?.close();
    await tracing?.shutdown();
  });

  it('makes a CLIENT span per statement under the active span, with its operation and never its values', async () => {
    const clientId = '0190a000-0000-7000-8000-00000000d0b1';
    exporter.reset();
    const outer = await tracing.tracer.startActiveSpan('outer', async (span) => {
      await withClient(handle.db, clientId, (tx) => tx.execute(sql`select ${secretName}::text as name`));
      span.end();
      return span.spanContext();
    });
    const statements = exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.CLIENT);
    expect(statements.map((span) => span.name)).toEqual(
      expect.arrayContaining(['begin', 'select', 'commit']),
    );
    for (const span of statements) {
      expect(span.spanContext().traceId).toBe(outer.traceId);
      expect(span.parentSpanContext?.spanId).toBe(outer.spanId);
      expect(span.attributes['db.system.name']).toBe('postgresql');
    }
    expect(JSON.stringify(statements.map((span) => span.attributes))).not.toContain(secretName);
  });

  it('makes none for work nobody traces', async () => {
    exporter.reset();
    await withClient(handle.db, '0190a000-0000-7000-8000-00000000d0b2', (tx) => tx.execute(sql`select 1`));
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
