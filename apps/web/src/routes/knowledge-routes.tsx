import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from './root-route.tsx';

const knowledgeBasesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/knowledge',
  component: lazyRouteComponent(
    () => import('../pages/knowledge/knowledge-bases-page.tsx'),
    'KnowledgeBasesPage',
  ),
});
const knowledgeBaseRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/knowledge/$baseId',
  component: lazyRouteComponent(
    () => import('../pages/knowledge/knowledge-base-page.tsx'),
    'KnowledgeBasePage',
  ),
});

/** Knowledge bases (issue 10): the list, and one base with its documents, search and usage. */
export const knowledgeRoutes = [knowledgeBasesRoute, knowledgeBaseRoute] as const;
