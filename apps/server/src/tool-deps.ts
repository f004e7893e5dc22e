import type { Config } from '@renum/config';
import { createToolCallRecorder, type PlatformDeps, resolveToolCredential } from '@renum/platform';
import {
  createToolCatalog,
  createToolProxy,
  type ResilienceListener,
  type ToolCallRecord,
  type ToolCatalog,
  type ToolProxy,
} from '@renum/tools';
import type { ScaleDeps } from './scale-deps.ts';

/**
 * The tool proxy every outbound tool call goes through: credentials from the vault (kept a few seconds
 * by `deps.credentialCache` when there is one), the egress guard (with the configured allowlist),
 * resilience and cache, and per call a usage row and a `credential.use` audit row: a run's calls are
 * stored by its event writer with their `tool_result` events, any other call's before it answers (ADR 0075).
 * With `shared` on Redis, cached results and circuit breaker transitions are shared by every process.
 */
export function createToolDeps(options: {
  deps: PlatformDeps;
  config: Pick<Config, 'tools'>;
  /** Told when a call outside a run could not be metered (the report is then lost): log and count it. */
  onRecordError?: (error: unknown, record: ToolCallRecord) => void;
  shared?: Pick<ScaleDeps, 'toolCacheStore' | 'breakerSharing' | 'onError'>;
  /** Sees every resilience event of every call (retries, timeouts, breaker transitions): metrics. */
  onResilienceEvent?: ResilienceListener;
}): { proxy: ToolProxy; catalog: ToolCatalog } {
  const { shared } = options;
  const { deps, config } = options;
  const recorder = createToolCallRecorder(
    deps,
    options.onRecordError ? { onError: options.onRecordError } : {},
  );
  const proxy = createToolProxy({
    credentials: {
      resolve: (request) =>
        resolveToolCredential(deps, {
          clientId: request.clientId,
          agentId: request.agentId,
          service: request.service,
          name: request.credentialName,
          runId: request.runId,
        }),
    },
    egress: { allow: config.tools.egressAllow },
    onCall: (record) => recorder.record(record),
    ...(shared?.toolCacheStore ? { cache: { store: shared.toolCacheStore } } : {}),
    resilience: {
      ...(shared?.breakerSharing ? { sharing: shared.breakerSharing, onSharingError: shared.onError } : {}),
      ...(options.onResilienceEvent ? { onEvent: options.onResilienceEvent } : {}),
    },
  });
  const catalog = createToolCatalog({
    ...(config.tools.tavilyUrl ? { tavily: { baseUrl: config.tools.tavilyUrl } } : {}),
    ...(config.tools.firecrawlUrl ? { firecrawl: { baseUrl: config.tools.firecrawlUrl } } : {}),
    ...(config.tools.whatsappUrl ? { whatsapp: { baseUrl: config.tools.whatsappUrl } } : {}),
  });
  return { proxy, catalog };
}
