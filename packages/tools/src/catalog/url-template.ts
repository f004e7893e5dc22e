import { ToolCallError } from '../proxy/tool-call-error.ts';

const placeholderPattern = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const originPattern = /^https?:\/\/[^/?#{}]+(?=[/?#]|$)/i;

/** Names of the `{placeholders}` of a URL template, in order, without repeats. */
export function templatePlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(placeholderPattern)].map((match) => match[1] ?? ''))];
}

/**
 * Checks a URL template when a tool is defined: http(s), a literal origin (no placeholder in scheme, host
 * or port, so arguments can never pick the host), and a parsable URL once filled in.
 * Returns a problem description, or undefined when the template is sound.
 */
export function urlTemplateProblem(template: string): string | undefined {
  if (!originPattern.test(template)) {
    return 'must start with http:// or https:// and a host without placeholders';
  }
  const sample = template.replace(placeholderPattern, 'x');
  if (/[{}]/.test(sample)) return 'has a malformed placeholder (use {name} with letters, digits and _)';
  const url = URL.parse(sample);
  if (!url) return 'is not a valid URL';
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password';
  return undefined;
}

function encodeValue(name: string, value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new ToolCallError('INVALID_INPUT', `The parameter ${name} must be a string, number or boolean.`);
  }
  const text = String(value);
  // "." and ".." (also when percent-encoded) are dot segments: they would move the path up a level.
  if (text === '.' || text === '..') {
    throw new ToolCallError('INVALID_INPUT', `The parameter ${name} cannot be "${text}".`);
  }
  return encodeURIComponent(text);
}

/**
 * Fills a URL template with arguments: each `{name}` becomes the URI-encoded value (so `/`, `?`, `#`
 * and `&` cannot change the URL's structure), and the names used are returned so the rest can go to
 * the query string or the body.
 * @throws ToolCallError (`INVALID_INPUT`) for a missing, non-scalar or dot-segment value
 */
export function expandUrlTemplate(
  template: string,
  values: Readonly<Record<string, unknown>>,
): { url: URL; used: ReadonlySet<string> } {
  const used = new Set<string>();
  const text = template.replace(placeholderPattern, (_match, name: string) => {
    const value = values[name];
    if (value === undefined || value === null) {
      throw new ToolCallError('INVALID_INPUT', `The parameter ${name} is required.`);
    }
    used.add(name);
    return encodeValue(name, value);
  });
  const url = URL.parse(text);
  if (!url) throw new ToolCallError('INVALID_INPUT', 'The arguments do not make a valid URL.');
  return { url, used };
}

function defaultPort(url: URL): string {
  if (url.port !== '') return url.port;
  return url.protocol === 'https:' ? '443' : '80';
}

/**
 * True when the URL's host is one of `allowedHosts`: `api.example.com` (any port), `api.example.com:8443`
 * (that port), or `*.example.com` (its subdomains). Names compare case-insensitively.
 */
export function isAllowedHost(url: URL, allowedHosts: readonly string[]): boolean {
  const hostname = url.hostname.toLowerCase().replace(/\.+$/, '');
  const port = defaultPort(url);
  return allowedHosts.some((raw) => {
    const entry = raw.trim().toLowerCase();
    // A bare IPv6 address has colons but no port; URL.hostname shows IPv6 in brackets.
    const bareIpv6 = !entry.startsWith('[') && entry.split(':').length > 2;
    const match = bareIpv6 ? undefined : /^(.*?)(?::(\d+))?$/.exec(entry);
    const host = bareIpv6 ? `[${entry}]` : (match?.[1] ?? entry);
    if (match?.[2] !== undefined && match[2] !== port) return false;
    if (host.startsWith('*.')) return hostname.endsWith(host.slice(1));
    return hostname === host;
  });
}
