import { createRoute, lazyRouteComponent, redirect } from '@tanstack/react-router';
import { rootRoute } from './root-route.tsx';
import { auditSearchSchema } from './search-schemas.ts';

/** The admin console's own tree (`/admin/*`): logged-in people only; the shell refuses non-admins. */
export const adminRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin',
  beforeLoad: ({ context, location }) => {
    if (context.auth.status !== 'authenticated') {
      throw redirect({ to: '/login', search: { redirect: location.href } });
    }
  },
  component: lazyRouteComponent(() => import('../layout/admin-shell.tsx'), 'AdminShell'),
});

const clientsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/',
  component: lazyRouteComponent(() => import('../pages/admin/clients-page.tsx'), 'AdminClientsPage'),
});
const clientRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/clients/$clientId',
  component: lazyRouteComponent(() => import('../pages/admin/client-page.tsx'), 'AdminClientPage'),
});
const usersRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/users',
  component: lazyRouteComponent(() => import('../pages/admin/users-page.tsx'), 'AdminUsersPage'),
});
const monitoringRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/monitoring',
  component: lazyRouteComponent(() => import('../pages/admin/monitoring-page.tsx'), 'AdminMonitoringPage'),
});
const settingsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/settings',
  component: lazyRouteComponent(() => import('../pages/admin/settings-page.tsx'), 'AdminSettingsPage'),
});
const plansRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/plans',
  component: lazyRouteComponent(() => import('../pages/admin/plans-page.tsx'), 'AdminPlansPage'),
});
const sunaRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/suna',
  component: lazyRouteComponent(() => import('../pages/admin/suna-page.tsx'), 'AdminSunaPage'),
});
const globalAgentsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/global-agents',
  component: lazyRouteComponent(
    () => import('../pages/admin/global-agents-page.tsx'),
    'AdminGlobalAgentsPage',
  ),
});
const auditRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/audit',
  validateSearch: auditSearchSchema,
  component: lazyRouteComponent(() => import('../pages/admin/audit-page.tsx'), 'AdminAuditPage'),
});

/** The admin console, ready to add to the root. */
export const adminRoutes = adminRoute.addChildren([
  clientsRoute,
  clientRoute,
  usersRoute,
  monitoringRoute,
  sunaRoute,
  auditRoute,
  globalAgentsRoute,
  plansRoute,
  settingsRoute,
]);
