import { createRoute } from '@tanstack/react-router';
import { ApiKeysPage } from '../pages/settings/api-keys-page.tsx';
import { MembersPage } from '../pages/settings/members-page.tsx';
import { appRoute } from './root-route.tsx';

const membersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/members',
  component: MembersPage,
});
const apiKeysRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/api-keys',
  component: ApiKeysPage,
});

/** The company's people and programmatic access. */
export const settingsRoutes = [membersRoute, apiKeysRoute] as const;
