import { classifyAddress } from './classify-address.ts';
import { type EgressAllowlist, parseEgressAllowlist } from './egress-allowlist.ts';
import { EgressBlockedError } from './egress-blocked-error.ts';
import { type EgressTarget, parseEgressUrl } from './parse-egress-url.ts';

/** Options of {@link createEgressPolicy}. */
export interface EgressPolicyOptions {
  /**
   * Allowlist entries (see `parseEgressAllowlist`): the only way through the guard.
   * @defaultValue `[]`
   */
  allow?: readonly string[];
}

/** The guard's decisions, shared by the URL check and the connect-time check. */
export interface EgressPolicy {
  /** The parsed allowlist. */
  readonly allowlist: EgressAllowlist;
  /**
   * Parses a URL and refuses it when the scheme is not http(s), it carries credentials, or its host is a
   * refused literal address or a localhost name (unless allowlisted). Names are judged later, by address.
   * @throws EgressBlockedError
   */
  checkUrl(url: string | URL): EgressTarget;
  /**
   * Refuses connecting to `address` on behalf of `hostname` (the name or literal from the URL) unless the
   * address is public, or the name or the address is allowlisted for the port.
   * @throws EgressBlockedError
   */
  checkAddress(hostname: string, address: string, port: number): void;
  /** True when `hostname` is allowlisted by name for `port`, so its resolved addresses are trusted. */
  trustsName(hostname: string, port: number): boolean;
}

function isLocalhostName(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost');
}

function describeEmbedding(decision: ReturnType<typeof classifyAddress>): string | undefined {
  if (decision.allowed || !decision.embedded) return undefined;
  return `(carries IPv4 ${decision.embedded.address} as ${decision.embedded.form})`;
}

/** Builds the egress policy from config. Throws on malformed allowlist entries. */
export function createEgressPolicy(options: EgressPolicyOptions = {}): EgressPolicy {
  const allowlist = parseEgressAllowlist(options.allow ?? []);
  // Addresses already let through, by address and port: the policy never changes, and a tool that calls a
  // literal address (an allowlisted internal API) would otherwise classify it on every request.
  const passed = new Set<string>();

  const checkAddress = (hostname: string, address: string, port: number): void => {
    const key = `${address}|${port}`;
    if (passed.has(key)) return;
    const decision = classifyAddress(address);
    if (decision.allowed || allowlist.allowsAddress(decision.address, port)) {
      if (passed.size >= 4096) passed.clear();
      passed.add(key);
      return;
    }
    throw new EgressBlockedError({
      host: hostname,
      address: decision.address,
      reason: decision.reason,
      detail: describeEmbedding(decision),
    });
  };

  return {
    allowlist,
    checkUrl(url) {
      const target = parseEgressUrl(url);
      if (target.family !== 0) {
        checkAddress(target.hostname, target.hostname, target.port);
      } else if (isLocalhostName(target.hostname) && !allowlist.allowsName(target.hostname, target.port)) {
        throw new EgressBlockedError({ host: target.hostname, reason: 'localhost-name' });
      }
      if (target.url.username !== '' || target.url.password !== '') {
        throw new EgressBlockedError({ host: target.hostname, reason: 'credentials-in-url' });
      }
      return target;
    },
    checkAddress,
    trustsName(hostname, port) {
      return allowlist.allowsName(hostname, port);
    },
  };
}
