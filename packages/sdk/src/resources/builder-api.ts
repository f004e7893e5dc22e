import type { Dashboard, ToolInfo } from '@renum/contracts';
import type { Transport } from '../transport.ts';
import type { List } from './page.ts';

/** The tools an agent can enable (built-ins and outbound), with their option summaries. */
export function createToolsApi(transport: Transport) {
  return {
    list: (options: { signal?: AbortSignal } = {}) =>
      transport.json<List<ToolInfo>>({ method: 'GET', path: '/v1/tools', ...options }),
  };
}

/** The builder's dashboard figures. */
export function createDashboardApi(transport: Transport) {
  return {
    get: (options: { signal?: AbortSignal } = {}) =>
      transport.json<Dashboard>({ method: 'GET', path: '/v1/dashboard', ...options }),
  };
}
