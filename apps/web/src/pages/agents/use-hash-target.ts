import { useRouterState } from '@tanstack/react-router';
import { useEffect } from 'react';

/** The id of a sub-agent's place on its agent's page: links use it as the URL's hash. */
export function subAgentAnchor(subAgentId: string): string {
  return `sub-agent-${subAgentId}`;
}

/**
 * Once `ready` (the list the anchor points into has rendered), scrolls to the element the URL's hash
 * names and focuses it, so a link to `/agents/x#sub-agent-y` lands on that sub-agent for sighted and
 * screen reader users alike. The router's own hash scroll runs before the list's data arrives.
 */
export function useHashTarget(ready: boolean): string {
  const hash = useRouterState({ select: (state) => state.location.hash });
  useEffect(() => {
    if (!ready || hash === '') return;
    const target = document.getElementById(hash);
    if (!target) return;
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
  }, [ready, hash]);
  return hash;
}
