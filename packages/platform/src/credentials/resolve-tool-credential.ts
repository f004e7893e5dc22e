import { withClient } from '@renum/db';
import type { PlatformDeps } from '../platform-deps.ts';
import {
  findCredentialIn,
  type ResolveCredentialOptions,
  type ResolvedCredential,
} from './resolve-credential.ts';

/**
 * The credential of a proxied tool call: from `deps.credentialCache` when it holds it, else found and
 * decrypted in the database (then cached). Unlike `resolveCredential` it does not record the use: the
 * tool proxy reports every call, and the call's ledger row and its `credential.use` audit row are
 * written together from that report (`writeToolCalls`: with the call's `tool_result` event in a run, else
 * before the call answers, ADR 0075).
 */
export async function resolveToolCredential(
  deps: PlatformDeps,
  options: ResolveCredentialOptions,
): Promise<ResolvedCredential | null> {
  const cache = deps.credentialCache;
  const hit = cache?.get(options);
  if (hit) return { credentialId: hit.credentialId, fields: { ...hit.fields } };
  const generation = cache?.generation(options.clientId) ?? 0;
  const found = await withClient(deps.db, options.clientId, (tx) => findCredentialIn(tx, deps, options));
  if (!found) return null;
  const resolved = { credentialId: found.credentialId, fields: found.fields };
  cache?.set(options, resolved, generation);
  return resolved;
}
