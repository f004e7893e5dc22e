/**
 * Okapi BM25's parameters, as in the evaluation sets' baseline (`../shared/eval/rag/README.md`) and
 * Lucene/Pyserini's defaults: term-frequency saturation `k1` and length normalisation `b`.
 */
export const bm25Parameters = { k1: 0.9, b: 0.4 } as const;

/** Lucene's BM25 inverse document frequency: never negative, even for a term in most chunks. */
export function bm25Idf(options: { chunkCount: number; documentFrequency: number }): number {
  const { chunkCount, documentFrequency } = options;
  return Math.log(1 + (chunkCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** One term's contribution to a chunk's BM25 score. */
export function bm25TermScore(options: {
  idf: number;
  frequency: number;
  length: number;
  averageLength: number;
}): number {
  const { k1, b } = bm25Parameters;
  const { idf, frequency, length, averageLength } = options;
  const norm = averageLength > 0 ? length / averageLength : 1;
  return (idf * frequency * (k1 + 1)) / (frequency + k1 * (1 - b + b * norm));
}
