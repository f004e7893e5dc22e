import { z } from 'zod';
import type { ToolPolicy } from '../policy/tool-policy.ts';
import type { ResolvedCredential } from '../proxy/credential-resolver.ts';
import { ToolCallError } from '../proxy/tool-call-error.ts';

/**
 * Options every catalog tool accepts from an agent's configuration: which credential to use and
 * overrides of the seed 004 timeout, retries and cache TTL.
 */
export const commonToolOptionsSchema = z.object({
  /** Credential to use by name; default: the one the vault picks for the service. */
  credential_name: z.string().trim().min(1).max(100).optional(),
  /** Time allowed for one attempt, in ms. */
  timeout_ms: z.number().int().min(100).max(120_000).optional(),
  /** Retries after the first attempt. */
  retries: z.number().int().min(0).max(5).optional(),
  /** How long results stay cached, in ms (idempotent tools only); 0 disables the cache. */
  cache_ttl_ms: z.number().int().min(0).max(86_400_000).optional(),
});

/** Parsed {@link commonToolOptionsSchema}. */
export type CommonToolOptions = z.infer<typeof commonToolOptionsSchema>;

/** Applies the common overrides to a tool's base policy. */
export function applyPolicyOptions(base: ToolPolicy, options: CommonToolOptions): ToolPolicy {
  return {
    ...base,
    ...(options.timeout_ms === undefined ? {} : { timeoutMs: options.timeout_ms }),
    ...(options.retries === undefined ? {} : { retries: options.retries }),
    ...(options.cache_ttl_ms === undefined ? {} : { cacheTtlMs: options.cache_ttl_ms }),
  };
}

/**
 * The first present field of a credential among `names`.
 * @throws ToolCallError (`CREDENTIAL_ERROR`) naming the missing field, never a value
 */
export function credentialField(
  credential: ResolvedCredential,
  service: string,
  names: readonly string[],
): string {
  for (const name of names) {
    const value = credential.fields[name];
    if (value !== undefined && value !== '') return value;
  }
  throw new ToolCallError(
    'CREDENTIAL_ERROR',
    `The ${service} credential has no ${names.join(' or ')} field; replace it in Credentials.`,
  );
}
