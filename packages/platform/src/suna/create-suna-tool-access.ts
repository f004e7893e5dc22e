import type { SunaToolAccessIssuer } from '@renum/runtime';
import type { PlatformDeps } from '../platform-deps.ts';
import { issueRunToolToken } from '../tool-proxy/issue-run-tool-token.ts';

/**
 * Issues the MCP access a Suna run gets: the platform's MCP endpoint (`<base>/v1/mcp`) and a run-scoped
 * token (client, agent, run; short-lived; refused once the run ended), the only credential Suna holds.
 */
export function createSunaToolAccess(deps: PlatformDeps, options: { baseUrl: string }): SunaToolAccessIssuer {
  return async (scope) => {
    const url = `${options.baseUrl.replace(/\/+$/, '')}/v1/mcp`;
    const { clientId, agentId } = scope;
    if (typeof clientId !== 'string' || typeof agentId !== 'string') {
      throw new Error('A Suna run needs its client and agent in the run metadata');
    }
    const { token } = await issueRunToolToken(deps, { clientId, agentId, runId: scope.runId });
    return { url, token };
  };
}
