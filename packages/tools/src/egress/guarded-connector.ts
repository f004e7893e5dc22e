import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import { EgressBlockedError } from './egress-blocked-error.ts';
import type { EgressPolicy } from './egress-policy.ts';
import { type HostResolver, systemResolver } from './host-resolver.ts';

/** Options of {@link createGuardedConnector}. */
export interface GuardedConnectorOptions {
  /** Decisions to apply to every connection. */
  policy: EgressPolicy;
  /**
   * Resolves host names before connecting.
   * @defaultValue {@link systemResolver}
   */
  resolver?: HostResolver;
  /**
   * The connector that opens sockets once an address is accepted; it only ever receives literal
   * addresses. Tests pass a spy to prove that refused calls never reach it.
   * @defaultValue `buildConnector(connect)` from undici
   */
  connector?: buildConnector.connector;
  /** Options for the default connector (TLS options, `timeout`, keep-alive). Ignored with `connector`. */
  connect?: buildConnector.BuildOptions;
}

const failoverCodes = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function normaliseHostname(hostname: string): string {
  const bare = hostname.startsWith('[') ? hostname.slice(1, hostname.indexOf(']')) : hostname;
  return bare.replace(/\.+$/, '').toLowerCase();
}

async function resolveAllowedAddresses(
  policy: EgressPolicy,
  resolver: HostResolver,
  hostname: string,
  port: number,
): Promise<readonly string[]> {
  if (isIP(hostname) !== 0) {
    policy.checkAddress(hostname, hostname, port);
    return [hostname];
  }
  const addresses = await resolver(hostname);
  if (addresses.length === 0) throw new EgressBlockedError({ host: hostname, reason: 'no-address' });
  if (!policy.trustsName(hostname, port)) {
    // One refused address refuses the name: a resolver answer mixing public and private is an attack.
    for (const address of addresses) policy.checkAddress(hostname, address, port);
  }
  return addresses;
}

function dial(
  inner: buildConnector.connector,
  base: buildConnector.Options,
  hostname: string,
  addresses: readonly string[],
  index: number,
  callback: buildConnector.Callback,
): void {
  const address = addresses[index] ?? hostname;
  // Dial the checked address itself (no second lookup, so DNS rebinding cannot swap it) and keep the
  // name for TLS SNI and certificate checks.
  const servername = base.servername ?? (isIP(hostname) === 0 ? hostname : undefined);
  const options: buildConnector.Options = { ...base, hostname: address };
  if (servername !== undefined) options.servername = servername;
  inner(options, (...args) => {
    const [error] = args;
    const code = (error as { code?: string } | null)?.code;
    if (error && index + 1 < addresses.length && code !== undefined && failoverCodes.has(code)) {
      dial(inner, base, hostname, addresses, index + 1, callback);
      return;
    }
    callback(...args);
  });
}

/**
 * Wraps an undici connector so every connection is judged before a socket exists: a literal address is
 * checked directly; a name is resolved through the injected resolver and refused when any address it
 * resolves to is refused (unless the name is allowlisted). Accepted connections dial the checked address.
 * Refusals reach undici as an {@link EgressBlockedError}, which rejects the request.
 */
export function createGuardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const { policy } = options;
  const resolver = options.resolver ?? systemResolver;
  const inner = options.connector ?? buildConnector(options.connect ?? {});
  return (connectOptions, callback) => {
    const hostname = normaliseHostname(connectOptions.hostname);
    const port = Number(connectOptions.port) || (connectOptions.protocol === 'https:' ? 443 : 80);
    resolveAllowedAddresses(policy, resolver, hostname, port).then(
      (addresses) => dial(inner, connectOptions, hostname, addresses, 0, callback),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  };
}
