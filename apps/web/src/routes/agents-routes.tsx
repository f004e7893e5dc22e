import { createRoute } from '@tanstack/react-router';
import { AgentEditorPage, NewAgentPage } from '../pages/agents/agent-editor-page.tsx';
import { appRoute } from './root-route.tsx';

const newAgentRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/agents/new',
  component: NewAgentPage,
});
const agentRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/agents/$agentId',
  component: AgentEditorPage,
});

/** The agent editor: a new agent, and one agent with its sub-agents. */
export const agentsRoutes = [newAgentRoute, agentRoute] as const;
