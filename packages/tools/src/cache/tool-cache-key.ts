import { hash } from 'node:crypto';
import { stableStringify } from './stable-json.ts';

/** What identifies a cached tool result. */
export interface ToolCacheKeyInput {
  /** The client (tenant); results are never shared between clients. */
  readonly clientId: string;
  /** The tool name. */
  readonly tool: string;
  /** The tool's arguments; normalised with sorted keys before hashing. */
  readonly args: unknown;
}

/** Prefix of every key of a client, or of a client's tool: `<client>:` or `<client>:<tool>:`. */
export function toolCacheKeyPrefix(scope: { readonly clientId: string; readonly tool?: string }): string {
  const client = `${encodeURIComponent(scope.clientId)}:`;
  return scope.tool === undefined ? client : `${client}${encodeURIComponent(scope.tool)}:`;
}

/**
 * The store key of a tool result: `<client>:<tool>:<sha256 of the normalised arguments>`, with client and
 * tool URI-encoded so neither can contain the separator. Hashing keeps keys short and arguments (which
 * may hold personal data) out of the key space.
 */
export function toolCacheKey(input: ToolCacheKeyInput): string {
  // One-shot hash: no Hash object per call (this runs on every cached tool call).
  const digest = hash('sha256', stableStringify(input.args), 'base64url');
  return `${toolCacheKeyPrefix(input)}${digest}`;
}
