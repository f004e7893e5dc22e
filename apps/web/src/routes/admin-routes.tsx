import { createRoute, redirect } from '@tanstack/react-router';
import { AdminShell } from '../layout/admin-shell.tsx';
import { AdminAuditPage, auditSearchSchema } from '../pages/admin/audit-page.tsx';
import { AdminClientPage } from '../pages/admin/client-page.tsx';
import { AdminClientsPage } from '../pages/admin/clients-page.tsx';
import { AdminMonitoringPage } from '../pages/admin/monitoring-page.tsx';
import { AdminSettingsPage } from '../pages/admin/settings-page.tsx';
import { AdminSunaPage } from '../pages/admin/suna-page.tsx';
import { AdminUsersPage } from '../pages/admin/users-page.tsx';
import { rootRoute } from './root-route.tsx';

/** The admin console's own tree (`/admin/*`): logged-in people only; the shell refuses non-admins. */
export const adminRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin',
  beforeLoad: ({ context, location }) => {
    if (context.auth.status !== 'authenticated') {
      throw redirect({ to: '/login', search: { redirect: location.href } });
    }
  },
  component: AdminShell,
});

const clientsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/',
  component: AdminClientsPage,
});
const clientRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/clients/$clientId',
  component: AdminClientPage,
});
const usersRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/users',
  component: AdminUsersPage,
});
const monitoringRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/monitoring',
  component: AdminMonitoringPage,
});
const settingsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/settings',
  component: AdminSettingsPage,
});
const sunaRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/suna',
  component: AdminSunaPage,
});
const auditRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/audit',
  validateSearch: auditSearchSchema,
  component: AdminAuditPage,
});

/** The admin console, ready to add to the root. */
export const adminRoutes = adminRoute.addChildren([
  clientsRoute,
  clientRoute,
  usersRoute,
  monitoringRoute,
  sunaRoute,
  auditRoute,
  settingsRoute,
]);
