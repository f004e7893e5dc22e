import { createRoute } from '@tanstack/react-router';
import { CompanySettingsPage } from '../pages/company/company-settings-page.tsx';
import { ContactPage } from '../pages/contacts/contact-page.tsx';
import { ContactsPage } from '../pages/contacts/contacts-page.tsx';
import { NotificationsPage } from '../pages/notifications/notifications-page.tsx';
import { PromptTemplatePage } from '../pages/prompt-templates/prompt-template-page.tsx';
import { PromptTemplatesPage } from '../pages/prompt-templates/prompt-templates-page.tsx';
import { appRoute } from './root-route.tsx';

const promptTemplatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/prompt-templates',
  component: PromptTemplatesPage,
});
const promptTemplateRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/prompt-templates/$templateId',
  component: PromptTemplatePage,
});
const contactsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contacts',
  component: ContactsPage,
});
const contactRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contacts/$contactId',
  component: ContactPage,
});
const notificationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/notifications',
  component: NotificationsPage,
});
const companyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings/company',
  component: CompanySettingsPage,
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
