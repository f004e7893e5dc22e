/** How an IPv6 address carries an IPv4 address. */
export type Ipv4EmbeddingForm =
  | 'ipv4-mapped'
  | 'ipv4-translated'
  | 'ipv4-compatible'
  | 'nat64'
  | '6to4'
  | 'teredo';

/** An IPv4 address found inside an IPv6 address. */
export interface EmbeddedIpv4 {
  /** How it is embedded. */
  readonly form: Ipv4EmbeddingForm;
  /** The IPv4 addresses carried (Teredo carries the server and the client). */
  readonly addresses: readonly string[];
}

/**
 * Parses a valid IPv6 address (as accepted by `net.isIPv6`, without zone) into its eight 16-bit groups.
 * Handles `::` compression and a dotted-quad tail.
 */
export function parseIpv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    const tail = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
    text = text.slice(0, dotted.index) + tail;
  }
  const [head = '', rest] = text.split('::');
  const toGroups = (part: string) =>
    part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16));
  const headGroups = toGroups(head);
  if (rest === undefined) return headGroups;
  const tailGroups = toGroups(rest);
  const zeros = new Array<number>(8 - headGroups.length - tailGroups.length).fill(0);
  return [...headGroups, ...zeros, ...tailGroups];
}

function ipv4From(high: number, low: number): string {
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}

function allZero(groups: readonly number[], from: number, to: number): boolean {
  for (let index = from; index < to; index++) if (groups[index] !== 0) return false;
  return true;
}

/**
 * Finds an IPv4 address embedded in an IPv6 address: IPv4-mapped `::ffff:a.b.c.d`, IPv4-translated
 * `::ffff:0:a.b.c.d`, IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16` and Teredo
 * `2001::/32` (server and de-obfuscated client). Returns undefined for other addresses, including `::`
 * and `::1`.
 */
export function findEmbeddedIpv4(address: string): EmbeddedIpv4 | undefined {
  const g = parseIpv6Groups(address);
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  if (allZero(g, 0, 5) && g5 === 0xffff) return { form: 'ipv4-mapped', addresses: [ipv4From(g6, g7)] };
  if (allZero(g, 0, 4) && g4 === 0xffff && g5 === 0) {
    return { form: 'ipv4-translated', addresses: [ipv4From(g6, g7)] };
  }
  if (allZero(g, 0, 6) && (g6 !== 0 || g7 > 1))
    return { form: 'ipv4-compatible', addresses: [ipv4From(g6, g7)] };
  if (g0 === 0x64 && g1 === 0xff9b && allZero(g, 2, 6))
    return { form: 'nat64', addresses: [ipv4From(g6, g7)] };
  if (g0 === 0x2002) return { form: '6to4', addresses: [ipv4From(g1, g2)] };
  if (g0 === 0x2001 && g1 === 0) {
    return { form: 'teredo', addresses: [ipv4From(g2, g3), ipv4From(g6 ^ 0xffff, g7 ^ 0xffff)] };
  }
  return undefined;
}
