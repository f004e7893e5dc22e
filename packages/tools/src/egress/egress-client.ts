import type { Agent } from 'undici';
import { createEgressPolicy, type EgressPolicy } from './egress-policy.ts';
import { createGuardedDispatcher, type GuardedDispatcherOptions } from './guarded-dispatcher.ts';
import { type GuardedRequestOptions, type GuardedResponse, guardedRequest } from './guarded-request.ts';

/** Options of {@link createEgressClient}. */
export interface EgressClientOptions extends Omit<GuardedDispatcherOptions, 'policy'> {
  /**
   * Allowlist entries (hosts, host:port, addresses, CIDRs): the only way through the guard.
   * @defaultValue `[]`
   */
  allow?: readonly string[];
}

/** An egress policy and its guarded dispatcher, bundled so callers cannot pair one without the other. */
export interface EgressClient {
  /** The URL and address decisions. */
  readonly policy: EgressPolicy;
  /** The guarded undici agent; usable with undici's `fetch` too. */
  readonly dispatcher: Agent;
  /** Sends a request with per-hop checks; see `guardedRequest`. */
  request(url: string | URL, options?: GuardedRequestOptions): Promise<GuardedResponse>;
  /** Closes pooled connections. */
  close(): Promise<void>;
}

/** Creates the outbound HTTP client every tool call must use. Throws on malformed allowlist entries. */
export function createEgressClient(options: EgressClientOptions = {}): EgressClient {
  const { allow, ...dispatcherOptions } = options;
  const policy = createEgressPolicy({ allow: allow ?? [] });
  const dispatcher = createGuardedDispatcher({ ...dispatcherOptions, policy });
  return {
    policy,
    dispatcher,
    request: (url, requestOptions) => guardedRequest(url, { policy, dispatcher }, requestOptions),
    close: () => dispatcher.close(),
  };
}
