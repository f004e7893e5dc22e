import { afterEach } from 'vitest';

/**
 * A list a test pushes closers onto (servers, proxies, egress clients); after each test of the calling
 * file they run, the last pushed first, and the list is emptied.
 */
export function cleanupsAfterEach(): (() => Promise<void>)[] {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return cleanups;
}
