import { createRoute } from '@tanstack/react-router';
import { AgentEditorPage, NewAgentPage } from '../pages/agents/agent-editor-page.tsx';
import { WizardPage, wizardSearchSchema } from '../pages/wizard/wizard-page.tsx';
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

const wizardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/agents/wizard/$agentId',
  validateSearch: wizardSearchSchema,
  component: WizardPage,
});

/** The agent editor: a new agent, the creation wizard, and one agent with its sub-agents. */
export const agentsRoutes = [newAgentRoute, wizardRoute, agentRoute] as const;
