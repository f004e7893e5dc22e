import type { Config } from '@renum/config';
import { createSunaLinks, createSunaToolAccess, type PlatformDeps } from '@renum/platform';
import { createSunaClient, createSunaExecutor, type Executor, type SunaClient } from '@renum/runtime';

/** The `suna` executor and its client, when the deployment configures Suna (`RENUM_SUNA_URL`). */
export interface SunaDeps {
  client: SunaClient;
  executor: Executor;
}

/**
 * Wires the `suna` executor: its HTTP client (API key and service JWT from config), the thread and agent
 * links in the database, and the MCP access each run hands to Suna's agent (a run-scoped token for
 * `<toolsUrl>/v1/mcp`). Undefined without Suna configured: agents may then choose `builtin` only.
 */
export function createSunaDeps(options: {
  config: Pick<Config, 'suna'>;
  deps: PlatformDeps;
  fetch?: typeof fetch;
}): SunaDeps | undefined {
  const settings = options.config.suna;
  if (!settings) return undefined;
  const client = createSunaClient({
    baseUrl: settings.url,
    apiKey: settings.apiKey,
    jwt: settings.jwt,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const executor = createSunaExecutor({
    client,
    links: createSunaLinks(options.deps),
    toolAccess: createSunaToolAccess(options.deps, { baseUrl: settings.toolsUrl }),
    clock: options.deps.clock,
  });
  return { client, executor };
}
