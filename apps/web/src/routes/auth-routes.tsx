import { createRoute } from '@tanstack/react-router';
import { LoginPage } from '../pages/auth/login-page.tsx';
import { SignupPage } from '../pages/auth/signup-page.tsx';
import { publicRoute } from './root-route.tsx';

const loginRoute = createRoute({ getParentRoute: () => publicRoute, path: '/login', component: LoginPage });
const signupRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: '/signup',
  component: SignupPage,
});

/** Routes of the logged-out pages. */
export const authRoutes = [loginRoute, signupRoute] as const;
