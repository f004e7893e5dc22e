import type { Dashboard, ToolInfo, ToolProxyResult } from '@renum/contracts';
import { segment, type Transport } from '../transport.ts';
import type { List } from './page.ts';

/** The tools an agent can enable (built-ins and outbound), with their option summaries. */
export function createToolsApi(transport: Transport) {
  return {
    list: (options: { signal?: AbortSignal } = {}) =>
      transport.json<List<ToolInfo>>({ method: 'GET', path: '/v1/tools', ...options }),
    /**
     * One test call of a tool the agent enabled, with its saved options (tools without side effects
     * only; `403 TOOL_NOT_TESTABLE` otherwise). The tool's own failure is a result with `is_error`.
     */
    test: (
      agentId: string,
      tool: string,
      input: Record<string, unknown>,
      options: { signal?: AbortSignal } = {},
    ) =>
      transport.json<ToolProxyResult>({
        method: 'POST',
        path: `/v1/agents/${segment(agentId)}/tools/${segment(tool)}/test`,
        body: { input },
        ...options,
      }),
  };
}

/** The builder's dashboard figures. */
export function createDashboardApi(transport: Transport) {
  return {
    get: (options: { signal?: AbortSignal } = {}) =>
      transport.json<Dashboard>({ method: 'GET', path: '/v1/dashboard', ...options }),
  };
}
