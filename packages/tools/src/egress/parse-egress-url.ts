import { isIP } from 'node:net';
import { EgressBlockedError } from './egress-blocked-error.ts';

/** A URL the guard accepted for parsing, with its host in the form the connection will use. */
export interface EgressTarget {
  /** The parsed URL (WHATWG rules: decimal, octal, hex and short IPv4 spellings are already normalised). */
  readonly url: URL;
  /** `http:` or `https:`. */
  readonly protocol: 'http:' | 'https:';
  /** Lower-case host without IPv6 brackets and without trailing dots. */
  readonly hostname: string;
  /** Port, with the scheme's default filled in. */
  readonly port: number;
  /** 4 or 6 when the host is a literal address, 0 for a name. */
  readonly family: 0 | 4 | 6;
}

/**
 * Parses an outbound URL with the WHATWG parser, which turns every IPv4 spelling a browser accepts
 * (`2130706433`, `0177.0.0.1`, `0x7f.0.0.1`, `127.1`, percent-encoded or full-width digits) into the
 * dotted form, so the address check sees the address that will be dialled. Refuses unparsable URLs and
 * schemes other than http and https. Does not judge the host: see `EgressPolicy.checkUrl`.
 */
export function parseEgressUrl(input: string | URL): EgressTarget {
  const url = URL.parse(String(input));
  if (!url) {
    // The raw text is not echoed: a malformed URL may still carry a query-string credential.
    throw new EgressBlockedError({ host: '(unparsable URL)', reason: 'invalid-url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EgressBlockedError({
      host: url.hostname || url.protocol,
      reason: 'scheme',
      detail: `(got ${url.protocol})`,
    });
  }
  const bare = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const hostname = bare.replace(/\.+$/, '');
  if (hostname === '') throw new EgressBlockedError({ host: url.hostname, reason: 'invalid-url' });
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return { url, protocol: url.protocol, hostname, port, family: isIP(hostname) as 0 | 4 | 6 };
}
