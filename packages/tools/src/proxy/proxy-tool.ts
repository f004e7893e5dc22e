import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import type { JsonValue } from '../cache/stable-json.ts';
import type { EgressPolicy } from '../egress/egress-policy.ts';
import type { HostResolver } from '../egress/host-resolver.ts';
import type { ToolPolicy } from '../policy/tool-policy.ts';
import type { ResolvedCredential } from './credential-resolver.ts';
import type { ToolErrorCode } from './tool-call-error.ts';

/** The request a tool asks the proxy to send. The credential goes here and nowhere else. */
export interface OutboundRequest {
  /** HTTP method. */
  readonly method: string;
  /** Absolute URL (a query-string credential included, when the service wants one there). */
  readonly url: string;
  /** Request headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** Request body, already encoded. */
  readonly body?: string;
  /**
   * Values derived from the credential that the service might echo (a Basic auth token); scrubbed from
   * answers like the credential's own fields.
   */
  readonly derivedSecrets?: readonly string[];
  /**
   * Decides whether a redirect may be followed to `url`. Every hop also passes the egress guard, and
   * cross-origin hops lose their credential headers.
   * @defaultValue only hops to the request's own host
   */
  readonly allowRedirect?: (url: URL) => boolean;
}

/** The service's answer as a tool reads it; the text is already scrubbed of secrets. */
export interface UpstreamReply {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  /** Body text, cut at the proxy's response size limit. */
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
  /** True when the body was longer than the response size limit. */
  readonly truncated: boolean;
}

/** What a tool makes of a successful answer. */
export type ToolReading =
  | { readonly ok: true; readonly result: JsonValue; readonly units: number }
  | { readonly ok: false; readonly code: ToolErrorCode; readonly message: string };

/** What a tool's checks before the credential is read receive. */
export interface PreflightContext {
  /** The egress guard's URL and address decisions. */
  readonly egress: EgressPolicy;
  /** Resolves names of URLs the service will fetch for us (see `checkPublicTarget`). */
  readonly resolver: HostResolver;
}

/**
 * A tool the proxy can run: its model-facing description and schema, the credential it needs, its
 * resilience and cache policy, and how it turns input plus credential into a request and an answer into
 * a result. Built by the catalog from per-agent options.
 */
export interface ProxyTool<INPUT = unknown> {
  /** Name the model calls it by; also the resilience and cache key's tool. */
  readonly name: string;
  /** What the tool does and when to use it; the model reads this. */
  readonly description: string;
  /** Credential service (`tavily`, `firecrawl`, `whatsapp`, `http`). */
  readonly service: string;
  /** Service name for messages (`Tavily`, `the WhatsApp Cloud API`). */
  readonly serviceLabel: string;
  /**
   * False for tools that call a service without a credential; the proxy then skips the vault and hands
   * `buildRequest` an empty credential.
   * @defaultValue true
   */
  readonly needsCredential?: boolean;
  /** Credential to use, by name; undefined lets the vault pick the client's (or agent's) one. */
  readonly credentialName?: string | undefined;
  /** Validates the model's arguments. */
  readonly inputSchema: z.ZodType<INPUT>;
  /** Timeouts, retries, breaker, bulkhead and cache TTL; side-effecting tools are never cached. */
  readonly policy: ToolPolicy;
  /** True when a person must approve each call (seed 004 #2); stored and shown for now. */
  readonly critical: boolean;
  /** Price of one unit in USD (0 when the service has no price). */
  readonly unitPriceUsd: number;
  /** Options that change results, mixed into the cache key with the input. */
  readonly cacheVariant?: JsonValue;
  /**
   * Checks that need no credential, run before it is read (for example that a URL the service will
   * fetch is public). Throw a `ToolCallError` or an `EgressBlockedError`.
   */
  preflight?(input: INPUT, context: PreflightContext): void | Promise<void>;
  /** Builds the request, placing the credential where the service expects it. */
  buildRequest(input: INPUT, credential: ResolvedCredential): OutboundRequest;
  /** Shapes a 2xx/3xx answer for the model; errors (4xx/5xx) are described by the proxy. */
  readReply(reply: UpstreamReply, input: INPUT): ToolReading;
}
