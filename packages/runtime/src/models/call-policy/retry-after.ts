/**
 * Reads how long a provider asks us to wait before retrying, from `retry-after-ms` (OpenAI, milliseconds)
 * or `retry-after` (seconds, or an HTTP date). Returns undefined when absent or unreadable.
 */
export function retryAfterMs(options: {
  headers: Readonly<Record<string, string | undefined>> | undefined;
  now: () => number;
}): number | undefined {
  const headers = options.headers;
  if (!headers) return undefined;
  const lookup = (name: string): string | undefined => {
    for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
    return undefined;
  };
  const milliseconds = Number.parseFloat(lookup('retry-after-ms') ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = lookup('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(value)) return Number.parseFloat(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - options.now());
}
