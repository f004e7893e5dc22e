import type { AnyRoute } from '@tanstack/react-router';
import { routeTree } from '../src/router.tsx';
import { appRoute } from '../src/routes/root-route.tsx';

/** Every page of the logged-in builder, read from the router's tree so a new page is walked too. */
export function builderPaths(): string[] {
  const found: string[] = [];
  // Paths are read from the routes' options: `fullPath` is only set once a router is built.
  const walk = (route: AnyRoute, parent: string) => {
    const children = (route.children ?? []) as AnyRoute[] | Record<string, AnyRoute>;
    for (const child of Array.isArray(children) ? children : Object.values(children)) {
      const own = (child.options as { path?: string }).path ?? '';
      const path = `${parent}/${own}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
      found.push(path);
      walk(child, path);
    }
  };
  const app = ((routeTree.children ?? []) as AnyRoute[]).find((route) => route === appRoute);
  if (!app) throw new Error('the route tree has no app route');
  walk(app, '');
  return [...new Set(found)].filter((path) => path !== '/*' && !path.endsWith('$'));
}

/** Fills a path's `$params` from `values`; undefined when one of them is not known. */
export function fillPath(path: string, values: Record<string, string>): string | undefined {
  let missing = false;
  const filled = path.replace(/\$(\w+)/g, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? undefined : filled;
}
