import { useSyncExternalStore } from 'react';

/** How often notifications and pending approvals are read while the WebSocket is down (ADR 0061). */
export const fallbackPollMs = 5 * 60_000;

// Whether the page's notification frames are being followed now: set by the live-notifications component
// (loaded after the first page, so the first load stays within its budget), read by the queries here.
let live = false;
const listeners = new Set<() => void>();

/** Says whether the page follows notification frames now (its WebSocket is open). */
export function setNotificationsLive(next: boolean): void {
  if (next === live) return;
  live = next;
  for (const listener of listeners) listener();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/**
 * The poll interval of a notification or approval query: none while notification frames arrive (they say
 * when to read again), {@link fallbackPollMs} while they do not.
 */
export function useFallbackPoll(): number | false {
  const following = useSyncExternalStore(subscribe, () => live);
  return following ? false : fallbackPollMs;
}
