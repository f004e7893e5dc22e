import type { JsonValue } from '../cache/stable-json.ts';
import type { ToolErrorCode } from './tool-call-error.ts';

/**
 * One proxied tool call as the ledger needs it. Never carries input, output or secrets: only who called
 * what, how it went, and what it costs.
 */
export interface ToolCallRecord {
  readonly clientId: string;
  readonly agentId: string;
  /** Null for a call outside any run (an MCP client with an API key). */
  readonly runId: string | null;
  /** Tool name the model called (for client-defined HTTP tools, the client's name). */
  readonly tool: string;
  /** Credential service the tool uses (`tavily`, `firecrawl`, `whatsapp`, `http`). */
  readonly service: string;
  /** The credential used, or null when none was resolved (missing, or the call failed before). */
  readonly credentialId: string | null;
  readonly status: 'ok' | 'error';
  /** Why it failed, when `status` is `error`. */
  readonly errorCode?: ToolErrorCode;
  /** Upstream attempts made (0 for cached results and calls refused before sending). */
  readonly attempts: number;
  /** Wall time of the whole call, in ms, by the proxy's clock. */
  readonly durationMs: number;
  /** Response bytes received from the service over all attempts (0 when cached). */
  readonly bytes: number;
  /** True when the result came from the cache and the service was not called. */
  readonly cached: boolean;
  /** Billable units the service counts (Tavily credits, Firecrawl pages, messages, requests); 0 unless ok and not cached. */
  readonly units: number;
  /** Cost in USD of those units, where the service has a price; else 0. */
  readonly costUsd: number;
}

interface ToolCallResultBase {
  /** Upstream attempts made. */
  readonly attempts: number;
  /** Wall time of the call, in ms. */
  readonly durationMs: number;
  /** True when served from the cache. */
  readonly cached: boolean;
  /** Response bytes received from the service. */
  readonly bytes: number;
}

/**
 * What `ToolProxy.call` answers: on success the result shaped for the model (trimmed), on failure a
 * readable message and a stable code. Neither ever contains the credential.
 */
export type ToolCallResult =
  | (ToolCallResultBase & { readonly ok: true; readonly result: JsonValue })
  | (ToolCallResultBase & {
      readonly ok: false;
      /** Readable message the model can act on. */
      readonly result: string;
      readonly errorCode: ToolErrorCode;
    });
