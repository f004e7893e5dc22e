import { createRootRouteWithContext, createRoute, Outlet, redirect } from '@tanstack/react-router';
import { z } from 'zod';
import type { AuthValue } from '../auth/auth.tsx';
import { AppShell } from '../layout/app-shell.tsx';
import { AuthLayout } from '../layout/auth-layout.tsx';
import { StandaloneNotFoundPage } from '../pages/not-found-page.tsx';

/** What every route's `beforeLoad` and loader can read. */
export interface RouterContext {
  auth: AuthValue;
}

/** Only in-app paths may be redirect targets (no `//evil.example`). */
export function safeRedirect(target: string | undefined): string {
  return target?.startsWith('/') && !target.startsWith('//') ? target : '/';
}

/** The root: everything renders inside it. */
export const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: StandaloneNotFoundPage,
});

/** Pages of a logged-in person, inside the app shell; others go to /login and come back after. */
export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: ({ context, location }) => {
    if (context.auth.status !== 'authenticated') {
      throw redirect({ to: '/login', search: { redirect: location.href } });
    }
    // A platform admin of no client has nothing in the client app: the admin console is theirs.
    if (!context.auth.me?.client && context.auth.me?.user?.platform_role === 'admin')
      throw redirect({ to: '/admin' });
  },
  component: AppShell,
});

/**
 * Search parameters of the login and signup pages; with `invitation_token`, signup joins the inviting
 * team instead of creating a company (login passes it on to its signup link).
 */
export const authSearchSchema = z.object({
  redirect: z.string().optional(),
  invitation_token: z.string().optional(),
});

/** Login and signup; a logged-in person is sent on to the app. */
export const publicRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'public',
  validateSearch: authSearchSchema,
  beforeLoad: ({ context, search }) => {
    if (context.auth.status === 'authenticated') throw redirect({ href: safeRedirect(search.redirect) });
  },
  component: AuthLayout,
});
