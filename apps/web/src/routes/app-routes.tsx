import { createRoute } from '@tanstack/react-router';
import { AgentsPage } from '../pages/agents/agents-page.tsx';
import { ApprovalsPage } from '../pages/approvals/approvals-page.tsx';
import { CredentialsPage } from '../pages/credentials/credentials-page.tsx';
import { DashboardPage } from '../pages/dashboard/dashboard-page.tsx';
import { InboxPage, inboxSearchSchema } from '../pages/inbox/inbox-page.tsx';
import { PlaygroundPage, playgroundSearchSchema } from '../pages/playground/playground-page.tsx';
import { RunsPage } from '../pages/runs/runs-page.tsx';
import { SchedulesPage } from '../pages/schedules/schedules-page.tsx';
import { UsagePage } from '../pages/usage/usage-page.tsx';
import { WhatsAppPage } from '../pages/whatsapp/whatsapp-page.tsx';
import { appRoute } from './root-route.tsx';

// One route per page of the shell. An area that grows (agent detail, run detail) gets its own
// `routes/<area>-routes.tsx` exporting its routes, spread into the tree in router.tsx.
const dashboardRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: DashboardPage });
const agentsRoute = createRoute({ getParentRoute: () => appRoute, path: '/agents', component: AgentsPage });
const playgroundRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/playground',
  validateSearch: playgroundSearchSchema,
  component: PlaygroundPage,
});
const inboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/inbox',
  validateSearch: inboxSearchSchema,
  component: InboxPage,
});
const runsRoute = createRoute({ getParentRoute: () => appRoute, path: '/runs', component: RunsPage });
const approvalsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/approvals',
  component: ApprovalsPage,
});
const schedulesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/schedules',
  component: SchedulesPage,
});
const credentialsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/credentials',
  component: CredentialsPage,
});
const whatsappRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/whatsapp',
  component: WhatsAppPage,
});
const usageRoute = createRoute({ getParentRoute: () => appRoute, path: '/usage', component: UsagePage });

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
