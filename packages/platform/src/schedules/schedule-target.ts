import type { ScheduleTarget } from '@renum/contracts';
import type { Transaction } from '@renum/db';
import { loadAgent } from '../agents/agent-id.ts';
import { loadTeam } from '../teams/team-rows.ts';

/**
 * Checks a schedule's target in the client's scope and answers it as stored, with the agent column the
 * list filters on: the agent must be one of the client's (`404 AGENT_NOT_FOUND`), the team too
 * (`404 TEAM_NOT_FOUND`), and a built-in job's summarising agent too; another client's is answered the
 * same, never 403.
 */
export async function resolveScheduleTarget(
  tx: Transaction,
  target: ScheduleTarget,
): Promise<{ target: ScheduleTarget; agentId: string | null }> {
  switch (target.type) {
    case 'agent': {
      const agent = await loadAgent(tx, target.agent_id);
      return { target: { ...target, agent_id: agent.id }, agentId: agent.id };
    }
    case 'team': {
      const team = await loadTeam(tx, target.team_id);
      return { target: { ...target, team_id: team.id }, agentId: null };
    }
    case 'builtin': {
      if (!target.agent_id) return { target, agentId: null };
      const agent = await loadAgent(tx, target.agent_id);
      return { target: { ...target, agent_id: agent.id }, agentId: agent.id };
    }
  }
}
