import { createRootRouteWithContext, createRoute, Outlet, redirect } from '@tanstack/react-router';
import type { AuthValue } from '../auth/auth.tsx';
import { AppShell } from '../layout/app-shell.tsx';
import { AuthLayout } from '../layout/auth-layout.tsx';
import { StandaloneNotFoundPage } from '../pages/not-found-page.tsx';
import { authSearchSchema } from './search-schemas.ts';

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
