import type { Config } from '@renum/config';
import { type PlatformDeps, recordToolCall, resolveCredential } from '@renum/platform';
import { createToolCatalog, createToolProxy, type ToolCatalog, type ToolProxy } from '@renum/tools';

/**
 * The tool proxy every outbound tool call goes through: credentials from the vault, the egress
 * guard (with the configured allowlist), resilience and cache, and one usage row per call.
 */
export function createToolDeps(options: {
  deps: PlatformDeps;
  config: Pick<Config, 'tools'>;
  onRecordError?: (error: unknown) => void;
}): { proxy: ToolProxy; catalog: ToolCatalog } {
  const { deps, config } = options;
  const proxy = createToolProxy({
    credentials: {
      resolve: (request) =>
        resolveCredential(deps, {
          clientId: request.clientId,
          agentId: request.agentId,
          service: request.service,
          name: request.credentialName,
          runId: request.runId,
        }),
    },
    egress: { allow: config.tools.egressAllow },
    onCall: (record) => {
      void recordToolCall(deps, record).catch((error: unknown) => options.onRecordError?.(error));
    },
  });
  const catalog = createToolCatalog({
    ...(config.tools.tavilyUrl ? { tavily: { baseUrl: config.tools.tavilyUrl } } : {}),
    ...(config.tools.firecrawlUrl ? { firecrawl: { baseUrl: config.tools.firecrawlUrl } } : {}),
    ...(config.tools.whatsappUrl ? { whatsapp: { baseUrl: config.tools.whatsappUrl } } : {}),
  });
  return { proxy, catalog };
}
