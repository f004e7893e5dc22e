/**
 * Keeps a label's values bounded: the first `limit` distinct values pass as they are, later new ones
 * become `other`. Model and tool names come from configuration and clients' agents, so a series per name
 * is useful until someone creates thousands of them; a Prometheus series never names a client or user.
 */
export function createBoundedLabel(options: { limit: number }): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (seen.size >= options.limit) return 'other';
    seen.add(value);
    return value;
  };
}
