import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from './root-route.tsx';

/**
 * Any path no other route matches, for a signed-in person: shown inside the app's layout, navigation
 * kept (the root's not-found page has no layout). A splat ranks below every specific path.
 */
export const notFoundRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '$',
  component: lazyRouteComponent(() => import('../pages/not-found-page.tsx'), 'NotFoundPage'),
});
