import { describe, expect, it } from 'vitest';
import {
  defaultToolPolicies,
  errorFailure,
  isRetryableFailure,
  isTransientStatus,
  parseRetryAfter,
  resolveToolPolicy,
  statusFailure,
  unknownToolPolicy,
} from '../../src/index.ts';

describe('tool policies', () => {
  it("takes seed 004's timeouts and retries by kind", () => {
    expect(resolveToolPolicy({ kind: 'business-api', sideEffects: false })).toMatchObject({
      timeoutMs: 30_000,
      retries: 3,
    });
    expect(resolveToolPolicy({ kind: 'messaging', sideEffects: true })).toMatchObject({
      timeoutMs: 10_000,
      retries: 2,
    });
    expect(resolveToolPolicy({ kind: 'database', sideEffects: false })).toMatchObject({
      timeoutMs: 5_000,
      retries: 0,
    });
  });

  it('lets a tool override its kind and never caches side effects', () => {
    const resolved = resolveToolPolicy({
      kind: 'messaging',
      sideEffects: true,
      timeoutMs: 2_000,
      cacheTtlMs: 60_000,
    });
    expect(resolved).toMatchObject({ timeoutMs: 2_000, retries: 2, cacheTtlMs: null });
    expect(
      resolveToolPolicy(defaultToolPolicies.whatsapp_send_message ?? unknownToolPolicy).cacheTtlMs,
    ).toBeNull();
    expect(resolveToolPolicy(defaultToolPolicies.web_search ?? unknownToolPolicy).cacheTtlMs).toBe(300_000);
    expect(resolveToolPolicy(defaultToolPolicies.web_scrape ?? unknownToolPolicy).cacheTtlMs).toBe(600_000);
    expect(resolveToolPolicy(unknownToolPolicy).cacheTtlMs).toBeNull();
  });
});

describe('failure classification', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it.each([
    [408, true],
    [429, true],
    [500, true],
    [503, true],
    [501, false],
    [400, false],
    [404, false],
    [200, false],
  ])('treats HTTP %i as transient: %s', (status, transient) => {
    expect(isTransientStatus(status)).toBe(transient);
  });

  it('reads statuses and Retry-After from undici results, fetch responses and errors', () => {
    expect(statusFailure({ statusCode: 429, headers: { 'retry-after': '2' } }, now)).toMatchObject({
      retryAfterMs: 2_000,
    });
    expect(
      statusFailure(new Response(null, { status: 503, headers: { 'retry-after': '1' } }), now),
    ).toMatchObject({
      status: 503,
      retryAfterMs: 1_000,
    });
    expect(statusFailure({ statusCode: 404 }, now)).toBeUndefined();
    expect(errorFailure(Object.assign(new Error('bad gateway'), { statusCode: 502 }), now)).toMatchObject({
      label: 'HTTP 502',
    });
  });

  it('tells connection failures, which never reached the service, from others', () => {
    const refused = errorFailure(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), now);
    const wrapped = errorFailure(
      new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }),
      now,
    );
    expect(refused).toMatchObject({ kind: 'connect' });
    expect(wrapped).toMatchObject({ kind: 'network', label: 'ECONNRESET' });
    expect(isRetryableFailure(refused, true)).toBe(true);
    expect(isRetryableFailure(wrapped, true)).toBe(false);
    expect(isRetryableFailure(wrapped, false)).toBe(true);
    expect(errorFailure(new Error('validation failed'), now)).toBeUndefined();
  });
});
