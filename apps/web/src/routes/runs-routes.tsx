import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from './root-route.tsx';

const runDetailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/runs/$runId',
  component: lazyRouteComponent(() => import('../pages/runs/run-detail-page.tsx'), 'RunDetailPage'),
});

/** Run pages beyond the list: one run's summary and events timeline. */
export const runsRoutes = [runDetailRoute] as const;
