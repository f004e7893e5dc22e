/**
 * The `quantile` of a cumulative histogram's buckets (`le` in seconds → count), in milliseconds,
 * interpolated inside the bucket that holds it like Prometheus's `histogram_quantile`; null if empty.
 * Buckets of several histograms with the same bounds may be summed first: the quantile of the merged
 * histogram is the one of all their observations (never average quantiles).
 */
export function histogramQuantile(
  buckets: Array<{ le: number; count: number }>,
  quantile: number,
): number | null {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (total === 0) return null;
  const rank = quantile * total;
  let previous = { le: 0, count: 0 };
  for (const bucket of sorted) {
    if (bucket.count >= rank) {
      if (!Number.isFinite(bucket.le)) return Math.round(previous.le * 1000);
      const inBucket = bucket.count - previous.count;
      const fraction = inBucket === 0 ? 1 : (rank - previous.count) / inBucket;
      return Math.round((previous.le + (bucket.le - previous.le) * fraction) * 1000);
    }
    previous = bucket;
  }
  return Math.round(previous.le * 1000);
}

/** A route's requests, server errors and latency buckets, with p50/p95/p99 taken from the buckets. */
export function routeLatencyRow(
  route: string,
  stats: { requests: number; errors: number; buckets: Array<{ le: number; count: number }> },
) {
  return {
    route,
    requests: stats.requests,
    errors: stats.errors,
    p50_ms: histogramQuantile(stats.buckets, 0.5),
    p95_ms: histogramQuantile(stats.buckets, 0.95),
    p99_ms: histogramQuantile(stats.buckets, 0.99),
  };
}
