import { createRoute } from '@tanstack/react-router';
import { NewTeamPage, TeamEditorPage } from '../pages/teams/team-builder-page.tsx';
import { TeamExecutionPage } from '../pages/teams/team-execution-page.tsx';
import { TeamsPage } from '../pages/teams/teams-page.tsx';
import { appRoute } from './root-route.tsx';

const teamsRoute = createRoute({ getParentRoute: () => appRoute, path: '/teams', component: TeamsPage });
const newTeamRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/teams/new',
  component: NewTeamPage,
});
const teamRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/teams/$teamId',
  component: TeamEditorPage,
});
const executionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/team-executions/$executionId',
  component: TeamExecutionPage,
});

/** Teams of agents: the list, the builder (new or one team, with its runs) and an execution's live view. */
export const teamsRoutes = [teamsRoute, newTeamRoute, teamRoute, executionRoute] as const;
