import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from './root-route.tsx';
import { inboxSearchSchema, playgroundSearchSchema } from './search-schemas.ts';

// One route per page of the shell. An area that grows (agent detail, run detail) gets its own
// `routes/<area>-routes.tsx` exporting its routes, spread into the tree in router.tsx.
const dashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  component: lazyRouteComponent(() => import('../pages/dashboard/dashboard-page.tsx'), 'DashboardPage'),
});
const agentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/agents',
  component: lazyRouteComponent(() => import('../pages/agents/agents-page.tsx'), 'AgentsPage'),
});
const playgroundRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/playground',
  validateSearch: playgroundSearchSchema,
  component: lazyRouteComponent(() => import('../pages/playground/playground-page.tsx'), 'PlaygroundPage'),
});
const inboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/inbox',
  validateSearch: inboxSearchSchema,
  component: lazyRouteComponent(() => import('../pages/inbox/inbox-page.tsx'), 'InboxPage'),
});
const runsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/runs',
  component: lazyRouteComponent(() => import('../pages/runs/runs-page.tsx'), 'RunsPage'),
});
const approvalsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/approvals',
  component: lazyRouteComponent(() => import('../pages/approvals/approvals-page.tsx'), 'ApprovalsPage'),
});
const schedulesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/schedules',
  component: lazyRouteComponent(() => import('../pages/schedules/schedules-page.tsx'), 'SchedulesPage'),
});
const credentialsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/credentials',
  component: lazyRouteComponent(() => import('../pages/credentials/credentials-page.tsx'), 'CredentialsPage'),
});
const whatsappRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/whatsapp',
  component: lazyRouteComponent(() => import('../pages/whatsapp/whatsapp-page.tsx'), 'WhatsAppPage'),
});
const usageRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/usage',
  component: lazyRouteComponent(() => import('../pages/usage/usage-page.tsx'), 'UsagePage'),
});

/** The shell's top-level pages. */
export const appRoutes = [
  dashboardRoute,
  agentsRoute,
  playgroundRoute,
  inboxRoute,
  runsRoute,
  approvalsRoute,
  schedulesRoute,
  credentialsRoute,
  whatsappRoute,
  usageRoute,
] as const;
