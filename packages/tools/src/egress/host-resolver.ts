import { lookup } from 'node:dns/promises';

/**
 * Resolves a host name to every address it may be dialled at. Injected so tests decide what a name
 * resolves to without touching DNS, and so operators can plug a caching resolver.
 */
export type HostResolver = (hostname: string) => Promise<readonly string[]>;

/** Resolves through the operating system (`dns.lookup` with every address, in the resolver's order). */
export const systemResolver: HostResolver = async (hostname) => {
  const results = await lookup(hostname, { all: true, order: 'verbatim' });
  return results.map((result) => result.address);
};
