import { stableStringify } from '../cache/stable-json.ts';
import type { ToolPolicy } from '../policy/tool-policy.ts';
import type { ResilienceKey } from '../resilience/resilience-events.ts';

/**
 * Remembers the policy of each client × tool as its calls come in, so the resilience registry and the
 * cache (which ask for a policy by key) see the one the tool was built with, including client-defined
 * HTTP tools that no static table knows. A changed policy asks the caller to reset the key's state.
 */
export interface ToolPolicyTracker {
  /** Records `policy` for `key`; returns true when it differs from the one recorded before. */
  use(key: ResilienceKey, policy: ToolPolicy): boolean;
  /** The policy last recorded for `key`. */
  get(key: ResilienceKey): ToolPolicy | undefined;
}

/** Creates a {@link ToolPolicyTracker} holding at most `maxKeys` keys (least recently used dropped). */
export function createToolPolicyTracker(maxKeys: number): ToolPolicyTracker {
  const entries = new Map<string, { readonly policy: ToolPolicy; readonly fingerprint: string }>();
  // A tool keeps its policy object for its life (a run), so its fingerprint is computed once.
  const fingerprints = new WeakMap<ToolPolicy, string>();
  const fingerprintOf = (policy: ToolPolicy) => {
    let fingerprint = fingerprints.get(policy);
    if (fingerprint === undefined) {
      fingerprint = stableStringify(policy);
      fingerprints.set(policy, fingerprint);
    }
    return fingerprint;
  };
  const idOf = (key: ResilienceKey) => JSON.stringify([key.clientId, key.tool]);
  return {
    use(key, policy) {
      const id = idOf(key);
      const fingerprint = fingerprintOf(policy);
      const previous = entries.get(id);
      entries.delete(id);
      entries.set(id, { policy, fingerprint });
      if (entries.size > maxKeys) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      return previous !== undefined && previous.fingerprint !== fingerprint;
    },
    get: (key) => entries.get(idOf(key))?.policy,
  };
}
