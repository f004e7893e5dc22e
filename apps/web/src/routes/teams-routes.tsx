import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from './root-route.tsx';

const teamsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/teams',
  component: lazyRouteComponent(() => import('../pages/teams/teams-page.tsx'), 'TeamsPage'),
});
const newTeamRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/teams/new',
  component: lazyRouteComponent(() => import('../pages/teams/team-builder-page.tsx'), 'NewTeamPage'),
});
const teamRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/teams/$teamId',
  component: lazyRouteComponent(() => import('../pages/teams/team-builder-page.tsx'), 'TeamEditorPage'),
});
const executionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/team-executions/$executionId',
  component: lazyRouteComponent(() => import('../pages/teams/team-execution-page.tsx'), 'TeamExecutionPage'),
});

/** Teams of agents: the list, the builder (new or one team, with its runs) and an execution's live view. */
export const teamsRoutes = [teamsRoute, newTeamRoute, teamRoute, executionRoute] as const;
