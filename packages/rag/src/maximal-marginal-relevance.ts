/** A candidate for {@link maximalMarginalRelevance}: its relevance and what to compare it by. */
export interface MmrCandidate<T> {
  item: T;
  relevance: number;
  /** Terms (or any tokens) of its text: near-duplicates share most of them. */
  terms: ReadonlySet<string>;
}

/**
 * Maximal marginal relevance (Carbonell and Goldstein 1998): picks `limit` candidates one by one, each
 * maximising `lambda * relevance - (1 - lambda) * (highest similarity to one already picked)`, so a
 * near-duplicate of a passage already chosen gives way to the next distinct one. Relevance is scaled to
 * 0..1 first; similarity is the Jaccard index of the term sets. With `nearDuplicate`, a similarity below it
 * counts as none: only near-duplicates give way, and distinct passages keep their order.
 * @param lambda @defaultValue 0.7
 * @param nearDuplicate @defaultValue 0 (every similarity counts, the classic MMR)
 */
export function maximalMarginalRelevance<T>(options: {
  candidates: readonly MmrCandidate<T>[];
  limit: number;
  lambda?: number | undefined;
  nearDuplicate?: number | undefined;
}): T[] {
  const lambda = options.lambda ?? 0.7;
  const floor = options.nearDuplicate ?? 0;
  const top = Math.max(...options.candidates.map((candidate) => candidate.relevance), 0);
  const remaining = [...options.candidates];
  const picked: MmrCandidate<T>[] = [];
  while (picked.length < options.limit && remaining.length > 0) {
    let bestIndex = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    remaining.forEach((candidate, index) => {
      const closest = Math.max(0, ...picked.map((chosen) => jaccard(candidate.terms, chosen.terms)));
      const similarity = closest >= floor ? closest : 0;
      const relevance = top > 0 ? candidate.relevance / top : 0;
      const score = lambda * relevance - (1 - lambda) * similarity;
      if (score > bestScore) [bestIndex, bestScore] = [index, score];
    });
    const [chosen] = remaining.splice(bestIndex, 1);
    if (chosen) picked.push(chosen);
  }
  return picked.map((candidate) => candidate.item);
}

/** Share of the union two sets have in common (1 for two empty sets). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared += 1;
  return shared / (a.size + b.size - shared);
}
