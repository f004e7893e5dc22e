import type { SunaClient } from './suna-client.ts';
import type { SunaLinks, SunaScope, SunaToolAccess } from './suna-links.ts';

/** Options of {@link syncSunaAgent}. */
export interface SyncSunaAgentOptions {
  readonly client: SunaClient;
  readonly links: SunaLinks;
  readonly scope: SunaScope;
  /** The answerer's instructions (the sub-agent's when routing picked one). */
  readonly systemPrompt: string;
  readonly model: string;
  /** The run's tools through the platform's MCP endpoint; absent: the Suna agent gets no platform tools. */
  readonly access: SunaToolAccess | undefined;
  /** Names of the tools Suna may call there. */
  readonly toolNames: readonly string[];
  readonly signal?: AbortSignal;
}

/** The `custom_mcps` entry pointing Suna's agent at the platform's MCP endpoint (type `http`). */
export function renumMcpEntry(access: SunaToolAccess, toolNames: readonly string[]): Record<string, unknown> {
  return {
    name: 'renum',
    type: 'http',
    customType: 'http',
    config: { url: access.url, headers: { authorization: `Bearer ${access.token}` } },
    enabledTools: [...toolNames],
  };
}

/**
 * Makes the answerer's Suna agent match this run: created on first use (`POST /v1/agents`), then always
 * updated (`PUT /v1/agents/{id}`): Suna's version 1 ignores `system_prompt`, and the MCP entry carries
 * this run's token, so every run writes the prompt, the model and the entry. Returns the Suna agent id.
 */
export async function syncSunaAgent(options: SyncSunaAgentOptions): Promise<string> {
  const { client, links, scope, signal } = options;
  const customMcps = options.access ? [renumMcpEntry(options.access, options.toolNames)] : [];
  let agentId = await links.findAgent(scope);
  if (!agentId) {
    const created = await client.createAgent(
      {
        name: `${scope.agentName ?? 'Renum agent'} (renum ${scope.subAgentId ?? scope.agentId})`,
        system_prompt: options.systemPrompt,
        configured_mcps: [],
        custom_mcps: customMcps,
        agentpress_tools: {},
        is_default: false,
      },
      signal,
    );
    agentId = created.agent_id;
    await links.saveAgent(scope, agentId);
  }
  await client.updateAgent(
    agentId,
    {
      system_prompt: options.systemPrompt,
      model: options.model,
      custom_mcps: customMcps,
      replace_mcps: true,
    },
    signal,
  );
  return agentId;
}
