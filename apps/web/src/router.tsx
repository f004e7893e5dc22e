import { createRouter, type RouterHistory } from '@tanstack/react-router';
import { adminRoutes } from './routes/admin-routes.tsx';
import { agentsRoutes } from './routes/agents-routes.tsx';
import { appRoutes } from './routes/app-routes.tsx';
import { authRoutes } from './routes/auth-routes.tsx';
import { invitationRoutes } from './routes/invitation-routes.tsx';
import { knowledgeRoutes } from './routes/knowledge-routes.tsx';
import { notFoundRoute } from './routes/not-found-routes.tsx';
import { appRoute, publicRoute, type RouterContext, rootRoute } from './routes/root-route.tsx';
import { runsRoutes } from './routes/runs-routes.tsx';
import { screensRoutes } from './routes/screens-routes.tsx';
import { settingsRoutes } from './routes/settings-routes.tsx';
import { teamsRoutes } from './routes/teams-routes.tsx';

/** The whole route tree: add an area's routes to the `appRoute` children. */
export const routeTree = rootRoute.addChildren([
  publicRoute.addChildren([...authRoutes]),
  appRoute.addChildren([
    ...appRoutes,
    ...agentsRoutes,
    ...runsRoutes,
    ...teamsRoutes,
    ...knowledgeRoutes,
    ...settingsRoutes,
    ...screensRoutes,
    notFoundRoute,
  ]),
  invitationRoutes,
  adminRoutes,
]);

/** Builds the router (tests pass a memory history). */
export function createAppRouter(options: { context: RouterContext; history?: RouterHistory }) {
  return createRouter({
    routeTree,
    context: options.context,
    ...(options.history ? { history: options.history } : {}),
    defaultPreload: 'intent',
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
