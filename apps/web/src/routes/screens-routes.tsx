import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from './root-route.tsx';

const promptTemplatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/prompt-templates',
  component: lazyRouteComponent(
    () => import('../pages/prompt-templates/prompt-templates-page.tsx'),
    'PromptTemplatesPage',
  ),
});
const promptTemplateRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/prompt-templates/$templateId',
  component: lazyRouteComponent(
    () => import('../pages/prompt-templates/prompt-template-page.tsx'),
    'PromptTemplatePage',
  ),
});
const contactsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contacts',
  component: lazyRouteComponent(() => import('../pages/contacts/contacts-page.tsx'), 'ContactsPage'),
});
const contactRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contacts/$contactId',
  component: lazyRouteComponent(() => import('../pages/contacts/contact-page.tsx'), 'ContactPage'),
});
const notificationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/notifications',
  component: lazyRouteComponent(
    () => import('../pages/notifications/notifications-page.tsx'),
    'NotificationsPage',
  ),
});
const companyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings/company',
  component: lazyRouteComponent(
    () => import('../pages/company/company-settings-page.tsx'),
    'CompanySettingsPage',
  ),
});

/** Issue 17's screens: prompt templates, contacts, notifications centre, company settings. */
export const screensRoutes = [
  promptTemplatesRoute,
  promptTemplateRoute,
  contactsRoute,
  contactRoute,
  notificationsRoute,
  companyRoute,
] as const;
