import { createRoute } from '@tanstack/react-router';
import { RunDetailPage } from '../pages/runs/run-detail-page.tsx';
import { appRoute } from './root-route.tsx';

const runDetailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/runs/$runId',
  component: RunDetailPage,
});

/** Run pages beyond the list: one run's summary and events timeline. */
export const runsRoutes = [runDetailRoute] as const;
