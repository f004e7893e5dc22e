import type { FakeRoute } from './fake-http-server.ts';
import { isRecord, sendJson } from './http-io.ts';
import { sendSunaError } from './suna-threads.ts';

/** A Suna agent as the fake keeps it: the config fields of `POST`/`PUT /v1/agents` and its versions. */
export interface SunaAgent {
  agent_id: string;
  name: string;
  system_prompt: string;
  model: string | null;
  custom_mcps: Record<string, unknown>[];
  configured_mcps: unknown[];
  agentpress_tools: Record<string, unknown>;
  version_count: number;
  created_at: string;
}

function view(agent: SunaAgent): Record<string, unknown> {
  return {
    ...agent,
    current_version_id: `${agent.agent_id}-v${agent.version_count}`,
    current_version: {
      version_id: `${agent.agent_id}-v${agent.version_count}`,
      version_number: agent.version_count,
    },
    metadata: {},
  };
}

const defaultSunaPrompt = 'You are Suna, an autonomous AI agent.';

/**
 * Agent routes of the Suna fake: `POST /v1/agents` (version 1 ignores `system_prompt`, as Suna does),
 * `PUT /v1/agents/{id}` (a config change makes a new version; `replace_mcps` replaces the MCP lists),
 * `GET /v1/agents/{id}`.
 */
export function sunaAgentRoutes(agents: Map<string, SunaAgent>, newId: () => string): FakeRoute[] {
  return [
    {
      method: 'POST',
      path: /^\/v1\/agents$/,
      handle: ({ req, res }) => {
        const body = isRecord(req.body) ? req.body : {};
        if (typeof body.name !== 'string' || body.name.length === 0) {
          sendJson(res, 422, { detail: [{ loc: ['body', 'name'], msg: 'Field required' }] });
          return;
        }
        const agent: SunaAgent = {
          agent_id: newId(),
          name: body.name,
          system_prompt: defaultSunaPrompt,
          model: null,
          custom_mcps: Array.isArray(body.custom_mcps) ? (body.custom_mcps as Record<string, unknown>[]) : [],
          configured_mcps: Array.isArray(body.configured_mcps) ? body.configured_mcps : [],
          agentpress_tools: isRecord(body.agentpress_tools) ? body.agentpress_tools : {},
          version_count: 1,
          created_at: new Date().toISOString(),
        };
        agents.set(agent.agent_id, agent);
        sendJson(res, 200, view(agent));
      },
    },
    {
      method: 'PUT',
      path: /^\/v1\/agents\/([^/]+)$/,
      handle: ({ req, res, params }) => {
        const agent = agents.get(params[0] ?? '');
        if (!agent) return sendSunaError(res, 404, 'Agent not found');
        const body = isRecord(req.body) ? req.body : {};
        if (typeof body.name === 'string') agent.name = body.name;
        if (typeof body.system_prompt === 'string') agent.system_prompt = body.system_prompt;
        if (typeof body.model === 'string') agent.model = body.model;
        if (Array.isArray(body.custom_mcps)) {
          const entries = body.custom_mcps as Record<string, unknown>[];
          agent.custom_mcps = body.replace_mcps === true ? entries : [...agent.custom_mcps, ...entries];
        }
        agent.version_count += 1;
        sendJson(res, 200, view(agent));
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/agents\/([^/]+)$/,
      handle: ({ res, params }) => {
        const agent = agents.get(params[0] ?? '');
        if (!agent) return sendSunaError(res, 404, 'Agent not found');
        sendJson(res, 200, view(agent));
      },
    },
  ];
}
