import { isIP } from 'node:net';
import type { EgressTarget } from '../egress/parse-egress-url.ts';
import type { PreflightContext } from './proxy-tool.ts';
import { ToolCallError } from './tool-call-error.ts';

/**
 * Refuses a URL that a service will fetch on our behalf (Firecrawl scraping a page) unless the egress
 * guard would let us fetch it ourselves: http(s) only, no credentials in it, and a public address, with
 * names resolved through the injected resolver and every address checked. Nothing is connected to.
 * @throws EgressBlockedError when the guard refuses the URL or an address the name resolves to
 * @throws ToolCallError (`INVALID_INPUT`) when the name does not resolve
 */
export async function checkPublicTarget(url: string, context: PreflightContext): Promise<EgressTarget> {
  const target = context.egress.checkUrl(url);
  if (target.family !== 0 || context.egress.trustsName(target.hostname, target.port)) return target;
  let addresses: readonly string[];
  try {
    addresses = await context.resolver(target.hostname);
  } catch {
    throw new ToolCallError(
      'INVALID_INPUT',
      `The host ${target.hostname} could not be resolved; check the URL.`,
    );
  }
  if (addresses.length === 0 || addresses.some((address) => isIP(address) === 0)) {
    throw new ToolCallError(
      'INVALID_INPUT',
      `The host ${target.hostname} could not be resolved; check the URL.`,
    );
  }
  for (const address of addresses) context.egress.checkAddress(target.hostname, address, target.port);
  return target;
}
