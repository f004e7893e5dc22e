/**
 * What counts as a secret in anything that leaves the process for an operator's tools: error reports
 * (Sentry) and opt-in prompt logs (ADR 0067). One definition, so a pattern added for one covers both.
 */
const secretKey = /authorization|cookie|password|passwd|secret|token|api[-_]?key|credential|signature|dsn/i;
const secretValue = [
  /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi,
  /\b(?:sk|rk|pk)-[A-Za-z0-9_-]{8,}/g,
  /\brn_(?:live|test)_[A-Za-z0-9_-]{8,}/g,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{5,}/g,
];

/** A string with bearer tokens, API keys and JWTs masked as `[redacted]`. */
export function scrubText(text: string): string {
  return secretValue.reduce((value, pattern) => value.replace(pattern, '[redacted]'), text);
}

/**
 * A copy of `value` with every secret-named key's value and every secret-looking string masked; deeper
 * than 8 levels, values are kept as they are.
 */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      secretKey.test(key) ? '[redacted]' : scrubValue(item, depth + 1),
    ]),
  );
}
