import { BlockList, isIP } from 'node:net';

/**
 * The explicit exceptions to the egress guard, parsed from config. It is the only way a call reaches a
 * refused address (tests use it for their local fakes on 127.0.0.1).
 */
export interface EgressAllowlist {
  /** True when the host name (lower-case, no trailing dot) is allowlisted by name for `port`. */
  allowsName(hostname: string, port: number): boolean;
  /** True when the address is allowlisted (as an address, host:port or CIDR) for `port`. */
  allowsAddress(address: string, port: number): boolean;
}

interface NameEntry {
  readonly name: string;
  readonly wildcard: boolean;
  readonly port: number | undefined;
}

interface AddressEntry {
  readonly list: BlockList;
  readonly port: number | undefined;
}

function parsePort(text: string, entry: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new Error(`Invalid port in egress allowlist entry "${entry}"`);
  return port;
}

function splitHostPort(entry: string): { host: string; port: number | undefined } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) {
    return { host: bracketed[1] ?? '', port: bracketed[2] ? parsePort(bracketed[2], entry) : undefined };
  }
  // A bare IPv6 address contains colons but no port.
  if (isIP(entry) === 6) return { host: entry, port: undefined };
  const colon = entry.lastIndexOf(':');
  if (colon === -1) return { host: entry, port: undefined };
  return { host: entry.slice(0, colon), port: parsePort(entry.slice(colon + 1), entry) };
}

function addressEntry(
  host: string,
  prefix: number | undefined,
  port: number | undefined,
  entry: string,
): AddressEntry {
  const family = isIP(host);
  if (family === 0) throw new Error(`Invalid address in egress allowlist entry "${entry}"`);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const maxPrefix = family === 4 ? 32 : 128;
  const bits = prefix ?? maxPrefix;
  if (!Number.isInteger(bits) || bits < 0 || bits > maxPrefix) {
    throw new Error(`Invalid prefix length in egress allowlist entry "${entry}"`);
  }
  const list = new BlockList();
  list.addSubnet(host, bits, type);
  return { list, port };
}

const hostNamePattern = /^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

/**
 * Parses allowlist entries: a host name (`api.example.com`, `*.example.com` for its subdomains), a host
 * with a port (`api.example.com:8443`, `127.0.0.1:4010`, `[::1]:4010`), an address (`10.1.2.3`, `::1`) or
 * a CIDR block (`10.0.0.0/8`, `fd00::/8`). A name entry trusts whatever the name resolves to; address and
 * CIDR entries let through those addresses under any name. Throws on a malformed entry, so bad config
 * fails at boot.
 */
export function parseEgressAllowlist(entries: readonly string[]): EgressAllowlist {
  const names: NameEntry[] = [];
  const addresses: AddressEntry[] = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    const slash = entry.indexOf('/');
    if (slash !== -1) {
      addresses.push(addressEntry(entry.slice(0, slash), Number(entry.slice(slash + 1)), undefined, raw));
      continue;
    }
    const { host, port } = splitHostPort(entry);
    if (isIP(host) !== 0) {
      addresses.push(addressEntry(host, undefined, port, raw));
      continue;
    }
    const name = host.replace(/\.+$/, '');
    if (!hostNamePattern.test(name)) throw new Error(`Invalid host name in egress allowlist entry "${raw}"`);
    const wildcard = name.startsWith('*.');
    names.push({ name: wildcard ? name.slice(1) : name, wildcard, port });
  }
  return {
    allowsName(hostname, port) {
      return names.some(
        (entry) =>
          (entry.port === undefined || entry.port === port) &&
          (entry.wildcard ? hostname.endsWith(entry.name) : hostname === entry.name),
      );
    },
    allowsAddress(address, port) {
      const family = isIP(address);
      if (family === 0) return false;
      const type = family === 4 ? 'ipv4' : 'ipv6';
      return addresses.some(
        (entry) => (entry.port === undefined || entry.port === port) && entry.list.check(address, type),
      );
    },
  };
}
