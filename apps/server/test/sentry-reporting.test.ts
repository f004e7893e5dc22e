import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { loadConfig } from '@renum/config';
import { AppError } from '@renum/contracts';
import { type FakeSentry, startFakeSentry, testDatabaseTargets } from '@renum/testing';
import * as Sentry from '@sentry/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSentryReporter, type ErrorReporter } from '../src/observability/error-reporting.ts';
import { createTracing, type Tracing } from '../src/observability/tracing.ts';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;
// Canaries: none of them may reach Sentry.
const apiKeyCanary = 'sk-proj-SENTRYCANARY0123456789';
const cookieCanary = 'session-cookie-CANARY-7731';
const bodyCanary = 'body-secret-CANARY-5519';

describe('errors reported to Sentry (@sentry/node) when SENTRY_DSN is set', () => {
  let sentry: FakeSentry;
  let reporter: ErrorReporter;
  let tracing: Tracing;
  let t: TestApp;
  let owner: TestSession;
  const exporter = new InMemorySpanExporter();

  beforeAll(async () => {
    sentry = await startFakeSentry();
    reporter = await createSentryReporter({ dsn: sentry.dsn, environment: 'test' });
    tracing = createTracing({ serviceName: 'renum-sentry-test', exporter });
    t = await createTestApp(pglite, { tracer: tracing.tracer, errorReporter: reporter });
    t.app.post('/v1/test/boom', async () => {
      throw new Error(`upstream refused the call made with ${apiKeyCanary}`);
    });
    t.app.get('/v1/test/refused', async () => {
      throw new AppError('CONFLICT', 'expected refusal');
    });
    owner = await t.signup();
  });
  afterAll(async () => {
    await t?.close();
    await tracing?.shutdown();
    await sentry?.close();
    // The SDK is process-wide and test files share worker processes (vitest `isolate: false`).
    await Sentry.close(2000);
  });

  it('is off unless SENTRY_DSN is set', () => {
    expect(loadConfig({}).observability.sentryDsn).toBeUndefined();
    expect(loadConfig({ SENTRY_DSN: sentry.dsn }).observability.sentryDsn).toBe(sentry.dsn);
  });

  it('reports an unhandled route error once, with the trace id and request id, and no secret', async () => {
    const answer = await t.app.inject({
      method: 'POST',
      url: '/v1/test/boom?token=query-CANARY',
      headers: {
        authorization: `Bearer ${owner.accessToken}`,
        cookie: `renum_session=${cookieCanary}`,
        'x-api-key': apiKeyCanary,
      },
      payload: { credential: { secret: bodyCanary }, password: bodyCanary },
    });
    expect(answer.statusCode).toBe(500);
    expect(answer.json()).toMatchObject({ code: 'INTERNAL_ERROR' });
    const requestId = answer.json().request_id as string;
    expect(await reporter.flush(5000)).toBe(true);
    await expect.poll(() => sentry.events().length, { timeout: 5000 }).toBe(1);
    const [event] = sentry.events();
    const span = exporter.getFinishedSpans().find((candidate) => candidate.name === 'POST /v1/test/boom');
    expect(span).toBeDefined();
    const traceId = span!.spanContext().traceId;
    expect(event).toMatchObject({
      level: 'error',
      environment: 'test',
      tags: { trace_id: traceId, request_id: requestId, route: '/v1/test/boom' },
      contexts: { trace: { trace_id: traceId } },
      request: { method: 'POST', url: '/v1/test/boom' },
      exception: { values: [{ type: 'Error', value: 'upstream refused the call made with [redacted]' }] },
    });
    expect(sentry.envelopes[0]!.projectId).toBe('42');
    const raw = sentry.envelopes.map((envelope) => envelope.raw).join('\n');
    for (const secret of [apiKeyCanary, cookieCanary, bodyCanary, owner.accessToken, 'query-CANARY'])
      expect(raw).not.toContain(secret);
  });

  it('does not report an expected refusal (an AppError below 500)', async () => {
    const before = sentry.events().length;
    const answer = await t.app.inject({ method: 'GET', url: '/v1/test/refused' });
    expect(answer.statusCode).toBe(409);
    await reporter.flush(2000);
    expect(sentry.events().length).toBe(before);
  });
});
