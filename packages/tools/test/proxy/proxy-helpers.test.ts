import { describe, expect, it } from 'vitest';
import {
  createSecretScrubber,
  expandUrlTemplate,
  isAllowedHost,
  ToolCallError,
  trimForModel,
  urlTemplateProblem,
} from '../../src/index.ts';

describe('createSecretScrubber', () => {
  const secret = 'sk-live/ABC+def=="9';
  const scrub = createSecretScrubber([secret, 'abc']);

  it('redacts the secret as is, URL-encoded, JSON-escaped, base64 and in another case', () => {
    const forms = [
      secret,
      encodeURIComponent(secret),
      JSON.stringify(secret).slice(1, -1),
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('base64url'),
      secret.toUpperCase(),
    ];
    for (const form of forms) expect(scrub.text(`before ${form} after`)).toBe('before [REDACTED] after');
  });

  it('scrubs keys and values at every depth, and leaves short secrets alone', () => {
    const value = scrub.value({ [secret]: [{ deep: `x${secret}x` }, 3, null], abc: 'abc' });
    expect(value).toEqual({ '[REDACTED]': [{ deep: 'x[REDACTED]x' }, 3, null], abc: 'abc' });
  });
});

describe('trimForModel', () => {
  it('keeps results that fit and cuts long strings and arrays with a note', () => {
    expect(trimForModel({ a: 'short' }, 100)).toEqual({ a: 'short' });
    const trimmed = trimForModel(
      { text: 'x'.repeat(10_000), items: Array.from({ length: 100 }, (_, i) => i) },
      6_000,
    );
    expect(JSON.stringify(trimmed).length).toBeLessThanOrEqual(6_000);
    expect(JSON.stringify(trimmed)).toContain('more characters]');
    expect(JSON.stringify(trimmed)).toContain('more items]');
  });

  it('falls back to cut JSON text when nothing else fits', () => {
    const trimmed = trimForModel(
      Array.from({ length: 10 }, () => 'y'.repeat(300)),
      200,
    );
    expect(typeof trimmed).toBe('string');
    expect(String(trimmed)).toMatch(/^\["y+… \[\d+ more characters\]$/);
  });
});

describe('URL templates', () => {
  it('encodes every value so it cannot change the URL structure', () => {
    const { url, used } = expandUrlTemplate('https://api.example.com/a/{x}?q={y}', {
      x: '../b?c#d',
      y: 'e&f=g',
      z: 1,
    });
    expect(url.href).toBe('https://api.example.com/a/..%2Fb%3Fc%23d?q=e%26f%3Dg');
    expect([...used]).toEqual(['x', 'y']);
  });

  it('refuses missing, non-scalar and dot-segment values', () => {
    expect(() => expandUrlTemplate('https://h.example/{x}', {})).toThrow(ToolCallError);
    expect(() => expandUrlTemplate('https://h.example/{x}', { x: { a: 1 } })).toThrow(
      /string, number or boolean/,
    );
    expect(() => expandUrlTemplate('https://h.example/{x}', { x: '.' })).toThrow(/cannot be "."/);
  });

  it('requires a literal http(s) origin', () => {
    expect(urlTemplateProblem('https://api.example.com/{x}')).toBeUndefined();
    expect(urlTemplateProblem('https://{host}/x')).toMatch(/host without placeholders/);
    expect(urlTemplateProblem('https://api.example.com{x}/')).toMatch(/host without placeholders/);
    expect(urlTemplateProblem('ftp://api.example.com/')).toMatch(/http/);
    expect(urlTemplateProblem('https://u:p@api.example.com/')).toMatch(/user name or password/);
  });

  it('matches allowed hosts by name, port and subdomain wildcard', () => {
    const url = (text: string) => new URL(text);
    expect(isAllowedHost(url('https://API.example.com/x'), ['api.example.com'])).toBe(true);
    expect(isAllowedHost(url('https://api.example.com:8443/'), ['api.example.com:8443'])).toBe(true);
    expect(isAllowedHost(url('https://api.example.com/'), ['api.example.com:8443'])).toBe(false);
    expect(isAllowedHost(url('https://eu.api.example.com/'), ['*.example.com'])).toBe(true);
    expect(isAllowedHost(url('https://example.com/'), ['*.example.com'])).toBe(false);
    expect(isAllowedHost(url('https://api.example.com.evil.test/'), ['api.example.com'])).toBe(false);
    expect(isAllowedHost(url('http://[::1]:80/'), ['::1'])).toBe(true);
  });
});
