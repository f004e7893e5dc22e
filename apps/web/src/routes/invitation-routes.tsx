import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { AuthLayout } from '../layout/auth-layout.tsx';
import { rootRoute } from './root-route.tsx';
import { invitationSearchSchema } from './search-schemas.ts';

/** The invitation pages: the logged-out layout, for signed-in and signed-out people alike. */
const invitationLayoutRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'invitation',
  component: AuthLayout,
});

const acceptInvitationRoute = createRoute({
  getParentRoute: () => invitationLayoutRoute,
  path: '/invitations/accept',
  validateSearch: invitationSearchSchema,
  component: lazyRouteComponent(
    () => import('../pages/invitations/accept-invitation-page.tsx'),
    'AcceptInvitationPage',
  ),
});

/** `/invitations/accept?token=…`, the page an invitation's `accept_url` opens. */
export const invitationRoutes = invitationLayoutRoute.addChildren([acceptInvitationRoute]);
