import { createRoute } from '@tanstack/react-router';
import { KnowledgeBasePage } from '../pages/knowledge/knowledge-base-page.tsx';
import { KnowledgeBasesPage } from '../pages/knowledge/knowledge-bases-page.tsx';
import { appRoute } from './root-route.tsx';

const knowledgeBasesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/knowledge',
  component: KnowledgeBasesPage,
});
const knowledgeBaseRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/knowledge/$baseId',
  component: KnowledgeBasePage,
});

/** Knowledge bases (issue 10): the list, and one base with its documents, search and usage. */
export const knowledgeRoutes = [knowledgeBasesRoute, knowledgeBaseRoute] as const;
