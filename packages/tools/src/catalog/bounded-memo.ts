/** A least-recently-used memo of at most `limit` values, for things that are costly to build. */
export interface BoundedMemo<VALUE> {
  /** The value kept under `key`, or the one `build` makes (kept unless it throws). */
  get(key: string, build: () => VALUE): VALUE;
  /** How many values are kept. */
  readonly size: number;
}

/**
 * Creates a {@link BoundedMemo}. A value used again moves to the back; the front one goes when a new
 * value would exceed `limit`.
 */
export function createBoundedMemo<VALUE>(limit: number): BoundedMemo<VALUE> {
  const values = new Map<string, VALUE>();
  return {
    get(key, build) {
      if (values.has(key)) {
        const kept = values.get(key) as VALUE;
        values.delete(key);
        values.set(key, kept);
        return kept;
      }
      const value = build();
      values.set(key, value);
      if (values.size > limit) values.delete(values.keys().next().value as string);
      return value;
    },
    get size() {
      return values.size;
    },
  };
}
