import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from './root-route.tsx';

const membersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/members',
  component: lazyRouteComponent(() => import('../pages/settings/members-page.tsx'), 'MembersPage'),
});
const apiKeysRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/api-keys',
  component: lazyRouteComponent(() => import('../pages/settings/api-keys-page.tsx'), 'ApiKeysPage'),
});

/** The company's people and programmatic access. */
export const settingsRoutes = [membersRoute, apiKeysRoute] as const;
