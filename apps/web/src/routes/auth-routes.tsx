import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { publicRoute } from './root-route.tsx';

const loginRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/login',
  component: lazyRouteComponent(() => import('../pages/auth/login-page.tsx'), 'LoginPage'),
});
const signupRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/signup',
  component: lazyRouteComponent(() => import('../pages/auth/signup-page.tsx'), 'SignupPage'),
});

/** Routes of the logged-out pages. */
export const authRoutes = [loginRoute, signupRoute] as const;
