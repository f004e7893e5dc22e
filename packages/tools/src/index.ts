export type { CacheStore } from './cache/cache-store.ts';
export {
  createMemoryCacheStore,
  type MemoryCacheStore,
  type MemoryCacheStoreOptions,
} from './cache/memory-cache-store.ts';
export { createRedisCacheStore, type RedisCacheStoreOptions } from './cache/redis-cache-store.ts';
export { type JsonValue, stableStringify } from './cache/stable-json.ts';
export { type ToolCacheKeyInput, toolCacheKey, toolCacheKeyPrefix } from './cache/tool-cache-key.ts';
export {
  type CacheLookup,
  createToolResultCache,
  type LoadOptions,
  type ToolResultCache,
  type ToolResultCacheOptions,
  type ToolResultCacheStats,
} from './cache/tool-result-cache.ts';
export { type BoundedMemo, createBoundedMemo } from './catalog/bounded-memo.ts';
export { type CompiledClientJsonSchema, compileClientJsonSchema } from './catalog/client-json-schema.ts';
export type { ClientSchemaProblem } from './catalog/client-json-schema-plan.ts';
export { clientJsonSchemaLimits } from './catalog/client-json-schema-rules.ts';
export {
  type ClientPattern,
  ClientPatternError,
  clientPatternLimits,
  compileClientPattern,
} from './catalog/client-pattern.ts';
export {
  createProxyToolDefinitions,
  type ProxyToolDefinitionsOptions,
  type ProxyToolScope,
  toToolDefinition,
} from './catalog/create-proxy-tool-definitions.ts';
export { createHttpRequestTool, type HttpRequestInput } from './catalog/http-request-tool.ts';
export {
  type HttpToolAuth,
  type HttpToolDefinition,
  httpToolAuthSchema,
  httpToolDefinitionSchema,
  type ParsedHttpToolDefinition,
} from './catalog/http-tool-definition.ts';
export {
  type FirecrawlServiceConfig,
  type ResolvedToolServicesConfig,
  resolveToolServicesConfig,
  type TavilyServiceConfig,
  type ToolServicesConfig,
  type WhatsAppServiceConfig,
} from './catalog/service-config.ts';
export {
  createToolCatalog,
  type EnabledTool,
  type ProxyToolKind,
  proxyToolKinds,
  type ToolCatalog,
} from './catalog/tool-catalog.ts';
export {
  type CommonToolOptions,
  commonToolOptionsSchema,
  credentialField,
} from './catalog/tool-options.ts';
export {
  expandUrlTemplate,
  isAllowedHost,
  templatePlaceholders,
  urlTemplateProblem,
} from './catalog/url-template.ts';
export {
  createWebScrapeTool,
  type WebScrapeInput,
  type WebScrapeOptions,
  webScrapeInputSchema,
  webScrapeOptionsSchema,
} from './catalog/web-scrape-tool.ts';
export {
  createWebSearchTool,
  type WebSearchInput,
  type WebSearchOptions,
  webSearchInputSchema,
  webSearchOptionsSchema,
} from './catalog/web-search-tool.ts';
export {
  createWhatsAppChannelTool,
  type WhatsAppChannelInput,
  whatsAppChannelInputSchema,
} from './catalog/whatsapp-channel-tool.ts';
export {
  createWhatsAppSendMessageTool,
  type WhatsAppSendMessageInput,
  type WhatsAppSendMessageOptions,
  whatsAppSendMessageInputSchema,
  whatsAppSendMessageOptionsSchema,
} from './catalog/whatsapp-send-message-tool.ts';
export {
  type AddressDecision,
  type AllowedAddress,
  classifyAddress,
  type RefusedAddress,
} from './egress/classify-address.ts';
export { type EgressAllowlist, parseEgressAllowlist } from './egress/egress-allowlist.ts';
export {
  type AddressRefusalReason,
  EgressBlockedError,
  type EgressBlockedErrorOptions,
  type EgressRefusalReason,
} from './egress/egress-blocked-error.ts';
export { createEgressClient, type EgressClient, type EgressClientOptions } from './egress/egress-client.ts';
export { createEgressPolicy, type EgressPolicy, type EgressPolicyOptions } from './egress/egress-policy.ts';
export { createGuardedConnector, type GuardedConnectorOptions } from './egress/guarded-connector.ts';
export { createGuardedDispatcher, type GuardedDispatcherOptions } from './egress/guarded-dispatcher.ts';
export {
  type GuardedRequestContext,
  type GuardedRequestOptions,
  type GuardedResponse,
  guardedRequest,
} from './egress/guarded-request.ts';
export { type HostResolver, systemResolver } from './egress/host-resolver.ts';
export { type EmbeddedIpv4, findEmbeddedIpv4, type Ipv4EmbeddingForm } from './egress/ipv6-embedded.ts';
export { type EgressTarget, parseEgressUrl } from './egress/parse-egress-url.ts';
export { crossOriginSafeHeaders, type HopRequest, planRedirect } from './egress/plan-redirect.ts';
export {
  cacheTtlPresets,
  defaultCacheTtlMs,
  type ToolKind,
  type ToolKindDefaults,
  toolKindDefaults,
} from './policy/tool-kind-defaults.ts';
export {
  type BackoffPolicy,
  type BreakerPolicy,
  type BulkheadPolicy,
  defaultToolPolicies,
  type ResolvedToolPolicy,
  resolveToolPolicy,
  type ToolPolicy,
  unknownToolPolicy,
} from './policy/tool-policy.ts';
export { checkPublicTarget } from './proxy/check-public-target.ts';
export type {
  CredentialRequest,
  CredentialResolver,
  ResolvedCredential,
} from './proxy/credential-resolver.ts';
export { describeUpstreamError, upstreamMessage } from './proxy/describe-upstream-error.ts';
export type {
  OutboundRequest,
  PreflightContext,
  ProxyTool,
  ToolReading,
  UpstreamReply,
} from './proxy/proxy-tool.ts';
export { createSecretScrubber, redacted, type SecretScrubber } from './proxy/secret-scrubber.ts';
export { isRetryableToolError, ToolCallError, type ToolErrorCode } from './proxy/tool-call-error.ts';
export type { ToolCallRecord, ToolCallResult } from './proxy/tool-call-record.ts';
export {
  createToolProxy,
  type ToolCallReporter,
  type ToolProxy,
  type ToolProxyCall,
  type ToolProxyOptions,
} from './proxy/tool-proxy.ts';
export { trimForModel, trimText } from './proxy/trim-for-model.ts';
export {
  type BreakerSharing,
  type BreakerTransition,
  createMemoryBreakerSharing,
  parseBreakerTransition,
} from './resilience/breaker-sharing.ts';
export {
  type AttemptFailure,
  errorFailure,
  isRetryableFailure,
  isTransientStatus,
  statusFailure,
} from './resilience/classify-failure.ts';
export type { AttemptContext, ExecuteOptions, ResilientResult } from './resilience/execute-resilient.ts';
export type { BreakerState } from './resilience/key-policy.ts';
export {
  ResilienceError,
  type ResilienceErrorCode,
  type ResilienceErrorOptions,
} from './resilience/resilience-error.ts';
export type { ResilienceEvent, ResilienceKey, ResilienceListener } from './resilience/resilience-events.ts';
export {
  createResilienceRegistry,
  type ResilienceRegistry,
  type ResilienceRegistryOptions,
} from './resilience/resilience-registry.ts';
export { parseRetryAfter } from './resilience/retry-after.ts';
