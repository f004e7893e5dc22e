import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from './root-route.tsx';
import { wizardSearchSchema } from './search-schemas.ts';

const newAgentRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/agents/new',
  component: lazyRouteComponent(() => import('../pages/agents/agent-editor-page.tsx'), 'NewAgentPage'),
});
const agentRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/agents/$agentId',
  component: lazyRouteComponent(() => import('../pages/agents/agent-editor-page.tsx'), 'AgentEditorPage'),
});
const globalAgentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/agents/global',
  component: lazyRouteComponent(() => import('../pages/agents/global-agents-page.tsx'), 'GlobalAgentsPage'),
});

const wizardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/agents/wizard/$agentId',
  validateSearch: wizardSearchSchema,
  component: lazyRouteComponent(() => import('../pages/wizard/wizard-page.tsx'), 'WizardPage'),
});

/** The agent editor: a new agent, the creation wizard, and one agent with its sub-agents. */
export const agentsRoutes = [newAgentRoute, globalAgentsRoute, wizardRoute, agentRoute] as const;
