import { BlockList } from 'node:net';
import type { AddressRefusalReason } from './egress-blocked-error.ts';

/** One special-purpose address block and the reason calls into it are refused. */
export interface SpecialRange {
  /** Block in CIDR notation. */
  readonly cidr: string;
  /** Reason reported when an address falls inside. */
  readonly reason: AddressRefusalReason;
}

/**
 * IPv4 blocks that are never reachable from a tool call (IANA special-purpose registry, RFC 6890 and
 * successors). Listed most specific first: the first match names the reason.
 */
export const ipv4SpecialRanges: readonly SpecialRange[] = [
  { cidr: '169.254.169.254/32', reason: 'metadata' }, // AWS, GCP, Azure, OpenStack instance metadata
  { cidr: '169.254.170.2/32', reason: 'metadata' }, // AWS ECS task metadata
  { cidr: '100.100.100.200/32', reason: 'metadata' }, // Alibaba Cloud metadata
  { cidr: '255.255.255.255/32', reason: 'broadcast' },
  { cidr: '0.0.0.0/8', reason: 'unspecified' },
  { cidr: '10.0.0.0/8', reason: 'private' },
  { cidr: '100.64.0.0/10', reason: 'cgnat' },
  { cidr: '127.0.0.0/8', reason: 'loopback' },
  { cidr: '169.254.0.0/16', reason: 'link-local' },
  { cidr: '172.16.0.0/12', reason: 'private' },
  { cidr: '192.0.0.0/24', reason: 'reserved' },
  { cidr: '192.0.2.0/24', reason: 'documentation' },
  { cidr: '192.88.99.0/24', reason: 'reserved' }, // deprecated 6to4 relay anycast
  { cidr: '192.168.0.0/16', reason: 'private' },
  { cidr: '198.18.0.0/15', reason: 'benchmark' },
  { cidr: '198.51.100.0/24', reason: 'documentation' },
  { cidr: '203.0.113.0/24', reason: 'documentation' },
  { cidr: '224.0.0.0/4', reason: 'multicast' },
  { cidr: '240.0.0.0/4', reason: 'reserved' },
];

/**
 * IPv6 blocks that are never reachable from a tool call. Blocks that embed an IPv4 address (mapped,
 * NAT64, 6to4, Teredo) are judged by the embedded address before this table is consulted; anything
 * outside global unicast 2000::/3 is refused as reserved after it.
 */
export const ipv6SpecialRanges: readonly SpecialRange[] = [
  { cidr: '::/128', reason: 'unspecified' },
  { cidr: '::1/128', reason: 'loopback' },
  { cidr: 'fd00:ec2::254/128', reason: 'metadata' }, // AWS instance metadata over IPv6
  { cidr: '::/96', reason: 'ipv4-compatible' },
  { cidr: '64:ff9b:1::/48', reason: 'reserved' }, // local-use NAT64
  { cidr: '100::/64', reason: 'reserved' }, // discard-only
  { cidr: '2001:db8::/32', reason: 'documentation' },
  { cidr: '3fff::/20', reason: 'documentation' },
  { cidr: '2001:2::/48', reason: 'benchmark' },
  { cidr: '2001::/23', reason: 'reserved' }, // IETF protocol assignments (ORCHID and others)
  { cidr: 'fc00::/7', reason: 'unique-local' },
  { cidr: 'fe80::/10', reason: 'link-local' },
  { cidr: 'fec0::/10', reason: 'site-local' },
  { cidr: 'ff00::/8', reason: 'multicast' },
];

/** Reason-ordered block lists built from a range table; the first list that matches wins. */
export type RangeMatcher = readonly { readonly reason: AddressRefusalReason; readonly list: BlockList }[];

/** Builds a {@link RangeMatcher} from a range table, keeping the table's order of first appearance. */
export function buildRangeMatcher(ranges: readonly SpecialRange[], family: 'ipv4' | 'ipv6'): RangeMatcher {
  const matcher: { reason: AddressRefusalReason; list: BlockList }[] = [];
  for (const range of ranges) {
    const [network = '', prefix = ''] = range.cidr.split('/');
    // Consecutive ranges with the same reason share one list; order between reasons is preserved.
    const last = matcher.at(-1);
    const entry = last?.reason === range.reason ? last : { reason: range.reason, list: new BlockList() };
    if (entry !== last) matcher.push(entry);
    entry.list.addSubnet(network, Number(prefix), family);
  }
  return matcher;
}

/** Returns the reason of the first range containing `address`, or undefined when none does. */
export function matchRange(
  matcher: RangeMatcher,
  address: string,
  family: 'ipv4' | 'ipv6',
): AddressRefusalReason | undefined {
  for (const entry of matcher) {
    if (entry.list.check(address, family)) return entry.reason;
  }
  return undefined;
}
