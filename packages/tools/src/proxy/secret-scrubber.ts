import type { JsonValue } from '../cache/stable-json.ts';

/** Replaces every echo of a call's secrets in text and JSON values. */
export interface SecretScrubber {
  /** `text` with every secret form replaced by `[REDACTED]`. */
  text(text: string): string;
  /** A copy of `value` with every string (keys too) scrubbed. */
  value(value: JsonValue): JsonValue;
}

/** Secrets shorter than this are not scrubbed: they would mangle ordinary text and protect nothing. */
export const minimumScrubbedLength = 4;

/** Text that replaces a secret. */
export const redacted = '[REDACTED]';

function formsOf(secret: string): string[] {
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  return [
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
    JSON.stringify(secret).slice(1, -1),
    base64,
    base64.replace(/=+$/, ''),
    Buffer.from(secret, 'utf8').toString('base64url'),
  ];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Scrubbers built lately, by their secrets: the same credential serves many calls, and building the
 * pattern (seven encodings of each secret, escaped, sorted) costs more than using it. Bounded, and held
 * only in this process's memory, like the credentials themselves.
 */
const recent = new Map<string, SecretScrubber>();
const recentLimit = 256;

/**
 * Builds a scrubber for a call's secrets: each value as is, URL-encoded, JSON-escaped and base64, matched
 * case-insensitively, longest first. An upstream that reflects the request (headers, query, body) thus
 * cannot hand the credential to the model, the ledger or a log.
 */
export function createSecretScrubber(secrets: readonly string[]): SecretScrubber {
  const key = secrets.join('\u0000');
  const known = recent.get(key);
  if (known) return known;
  const built = buildSecretScrubber(secrets);
  if (recent.size >= recentLimit) recent.delete(recent.keys().next().value as string);
  recent.set(key, built);
  return built;
}

function buildSecretScrubber(secrets: readonly string[]): SecretScrubber {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < minimumScrubbedLength) continue;
    for (const form of formsOf(secret)) if (form.length >= minimumScrubbedLength) forms.add(form);
  }
  if (forms.size === 0) return { text: (text) => text, value: (value) => value };
  const pattern = new RegExp(
    [...forms]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'gi',
  );
  const text = (input: string) => input.replace(pattern, redacted);
  const value = (input: JsonValue): JsonValue => {
    if (typeof input === 'string') return text(input);
    if (Array.isArray(input)) return input.map(value);
    if (input !== null && typeof input === 'object') {
      return Object.fromEntries(Object.entries(input).map(([key, item]) => [text(key), value(item)]));
    }
    return input;
  };
  return { text, value };
}
