/** Why an address is refused by {@link classifyAddress}. */
export type AddressRefusalReason =
  | 'invalid-address'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'cgnat'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'documentation'
  | 'benchmark'
  | 'unique-local'
  | 'site-local'
  | 'ipv4-compatible';

/** Why the egress guard refused an outbound call: an address reason or a reason found in the URL or the hops. */
export type EgressRefusalReason =
  | AddressRefusalReason
  | 'invalid-url'
  | 'scheme'
  | 'credentials-in-url'
  | 'localhost-name'
  | 'no-address'
  | 'too-many-redirects';

const reasonText: Readonly<Record<EgressRefusalReason, string>> = {
  'invalid-address': 'it is not a valid IP address',
  unspecified: 'it is an unspecified ("this network") address',
  loopback: 'it is a loopback address',
  private: 'it is a private-network address',
  'link-local': 'it is a link-local address',
  metadata: 'it is a cloud metadata service address',
  cgnat: 'it is a carrier-grade NAT (shared) address',
  multicast: 'it is a multicast address',
  broadcast: 'it is the broadcast address',
  reserved: 'it is a reserved or special-purpose address',
  documentation: 'it is a documentation-only address',
  benchmark: 'it is a benchmarking address',
  'unique-local': 'it is an IPv6 unique-local address',
  'site-local': 'it is a deprecated IPv6 site-local address',
  'ipv4-compatible': 'it is a deprecated IPv4-compatible IPv6 address',
  'invalid-url': 'the URL cannot be parsed',
  scheme: 'only http and https are allowed',
  'credentials-in-url': 'the URL carries a user name or password',
  'localhost-name': 'the name points at this machine',
  'no-address': 'the name resolved to no address',
  'too-many-redirects': 'the redirect limit was reached',
};

/** Options of {@link EgressBlockedError}. */
export interface EgressBlockedErrorOptions {
  /** Host name or literal address the call was going to. */
  host: string;
  /** Why it was refused. */
  reason: EgressRefusalReason;
  /** The resolved or embedded address that caused the refusal, when it differs from `host`. */
  address?: string | undefined;
  /** Extra words appended to the message, e.g. how an IPv4 address was embedded. */
  detail?: string | undefined;
  /** Underlying error, if any. */
  cause?: unknown;
}

/**
 * Thrown (or passed to undici's connect callback) when the egress guard refuses an outbound call.
 * It is never retryable: the same call would be refused again. The message names the host and the reason
 * and never contains request headers or bodies.
 */
export class EgressBlockedError extends Error {
  /** Stable error code. */
  readonly code = 'EGRESS_BLOCKED';
  /** Host name or literal address that was refused. */
  readonly host: string;
  /** Why it was refused. */
  readonly reason: EgressRefusalReason;
  /** Address that caused the refusal, when known. */
  readonly address: string | undefined;
  /** Always false: retrying cannot succeed. */
  readonly isRetryable = false;
  override readonly name = 'EgressBlockedError';

  constructor(options: EgressBlockedErrorOptions) {
    const shown = options.address && options.address !== options.host ? ` (${options.address})` : '';
    const detail = options.detail ? ` ${options.detail}` : '';
    super(`Outbound call to ${options.host}${shown} refused: ${reasonText[options.reason]}${detail}`, {
      cause: options.cause,
    });
    this.host = options.host;
    this.reason = options.reason;
    this.address = options.address;
  }

  /** True when `error` is an {@link EgressBlockedError}, also across package copies. */
  static isInstance(error: unknown): error is EgressBlockedError {
    return error instanceof Error && (error as { code?: unknown }).code === 'EGRESS_BLOCKED';
  }
}
