/** One ranked list for {@link reciprocalRankFusion}: ids best first, and how much the list counts. */
export interface RankedList {
  name: string;
  ids: readonly string[];
  /** @defaultValue 1 */
  weight?: number | undefined;
}

/** A fused result: its score, and the rank it had in each list that found it (1-based). */
export interface FusedResult {
  id: string;
  score: number;
  ranks: Record<string, number>;
}

/**
 * Reciprocal rank fusion (Cormack et al. 2009): each list gives `weight / (k + rank)` to each id it ranks;
 * ids are sorted by the sum, ties by id. Scores of different scales (BM25, cosine) never need normalising.
 * `prior` adds a per-id amount on top (the feedback prior of a chunk).
 * @param k @defaultValue 60
 */
export function reciprocalRankFusion(options: {
  lists: readonly RankedList[];
  k?: number | undefined;
  prior?: ((id: string) => number) | undefined;
}): FusedResult[] {
  const k = options.k ?? 60;
  const fused = new Map<string, FusedResult>();
  for (const list of options.lists) {
    list.ids.forEach((id, index) => {
      const entry = fused.get(id) ?? { id, score: 0, ranks: {} };
      entry.score += (list.weight ?? 1) / (k + index + 1);
      entry.ranks[list.name] = index + 1;
      fused.set(id, entry);
    });
  }
  const results = [...fused.values()];
  if (options.prior) for (const entry of results) entry.score += options.prior(entry.id);
  return results.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
