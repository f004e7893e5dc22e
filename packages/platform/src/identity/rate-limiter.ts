/** Outcome of one counted attempt. */
export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window resets; meaningful when not allowed. */
  retryAfterSeconds: number;
}

/** Counts attempts per key in fixed windows. An in-memory adapter now; a Redis one for scale-out. */
export interface RateLimiter {
  hit(options: { key: string; limit: number; windowSeconds: number }): Promise<RateLimitResult>;
  reset(key: string): Promise<void>;
}

/** In-process fixed-window limiter with a bounded number of keys. */
export function createMemoryRateLimiter(
  options: { clock?: () => number; maxKeys?: number } = {},
): RateLimiter {
  const clock = options.clock ?? Date.now;
  const maxKeys = options.maxKeys ?? 100_000;
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    async hit({ key, limit, windowSeconds }) {
      const now = clock();
      let window = windows.get(key);
      if (!window || window.resetAt <= now) {
        if (windows.size >= maxKeys) {
          for (const [staleKey, stale] of windows) if (stale.resetAt <= now) windows.delete(staleKey);
          if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
        }
        window = { count: 0, resetAt: now + windowSeconds * 1000 };
        windows.set(key, window);
      }
      window.count += 1;
      return {
        allowed: window.count <= limit,
        retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)),
      };
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}
