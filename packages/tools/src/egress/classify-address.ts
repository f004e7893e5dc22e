import { isIP } from 'node:net';
import type { AddressRefusalReason } from './egress-blocked-error.ts';
import { findEmbeddedIpv4, type Ipv4EmbeddingForm, parseIpv6Groups } from './ipv6-embedded.ts';
import { buildRangeMatcher, ipv4SpecialRanges, ipv6SpecialRanges, matchRange } from './special-ranges.ts';

/** An address the guard lets a tool call connect to. */
export interface AllowedAddress {
  readonly allowed: true;
  /** The address as given, without an IPv6 zone. */
  readonly address: string;
  /** IP family. */
  readonly family: 4 | 6;
}

/** An address the guard refuses, with the reason and, for IPv6 forms that carry IPv4, the carried address. */
export interface RefusedAddress {
  readonly allowed: false;
  /** The address as given, without an IPv6 zone. */
  readonly address: string;
  /** IP family, 0 when the text is not an IP address. */
  readonly family: 0 | 4 | 6;
  /** Why it is refused. */
  readonly reason: AddressRefusalReason;
  /** The IPv4 address that decided the refusal, when it was embedded in an IPv6 address. */
  readonly embedded?: { readonly form: Ipv4EmbeddingForm; readonly address: string };
}

/** Decision of {@link classifyAddress}. */
export type AddressDecision = AllowedAddress | RefusedAddress;

const ipv4Matcher = buildRangeMatcher(ipv4SpecialRanges, 'ipv4');
const ipv6Matcher = buildRangeMatcher(ipv6SpecialRanges, 'ipv6');

function classifyIpv4(address: string): AddressDecision {
  const reason = matchRange(ipv4Matcher, address, 'ipv4');
  return reason ? { allowed: false, address, family: 4, reason } : { allowed: true, address, family: 4 };
}

function classifyIpv6(address: string): AddressDecision {
  const embedded = findEmbeddedIpv4(address);
  if (embedded) {
    for (const ipv4 of embedded.addresses) {
      const inner = classifyIpv4(ipv4);
      const reason =
        embedded.form === 'ipv4-compatible' ? 'ipv4-compatible' : inner.allowed ? undefined : inner.reason;
      if (reason)
        return {
          allowed: false,
          address,
          family: 6,
          reason,
          embedded: { form: embedded.form, address: ipv4 },
        };
    }
    // Every carried IPv4 address is public, so the packet lands on the public internet.
    return { allowed: true, address, family: 6 };
  }
  const reason = matchRange(ipv6Matcher, address, 'ipv6');
  if (reason) return { allowed: false, address, family: 6, reason };
  const [first = 0] = parseIpv6Groups(address);
  // Only 2000::/3 is allocated as global unicast; everything else is unassigned or special.
  if ((first & 0xe000) !== 0x2000) return { allowed: false, address, family: 6, reason: 'reserved' };
  return { allowed: true, address, family: 6 };
}

/**
 * Decides whether an outbound call may connect to an IP address (v4 or v6): public unicast addresses
 * are allowed; loopback, private, link-local, cloud metadata, CGNAT, multicast, broadcast, unspecified,
 * reserved, documentation, benchmarking, unique-local and site-local addresses are refused, and so are
 * IPv6 forms that carry a refused IPv4 address (IPv4-mapped, translated, compatible, NAT64, 6to4, Teredo).
 * Text that is not an IP address is refused as `invalid-address`. The allowlist is not consulted here.
 */
export function classifyAddress(ip: string): AddressDecision {
  const zone = ip.indexOf('%');
  const address = (zone === -1 ? ip : ip.slice(0, zone)).toLowerCase();
  switch (isIP(address)) {
    case 4:
      return classifyIpv4(address);
    case 6:
      return classifyIpv6(address);
    default:
      return { allowed: false, address, family: 0, reason: 'invalid-address' };
  }
}
