import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { AuthLayout } from '../layout/auth-layout.tsx';
import { AcceptInvitationPage } from '../pages/invitations/accept-invitation-page.tsx';
import { rootRoute } from './root-route.tsx';

/** Search parameters of the accept page: the invitation's token from its link. */
export const invitationSearchSchema = z.object({ token: z.string().optional() });

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
  component: AcceptInvitationPage,
});

/** `/invitations/accept?token=…`, the page an invitation's `accept_url` opens. */
export const invitationRoutes = invitationLayoutRoute.addChildren([acceptInvitationRoute]);
