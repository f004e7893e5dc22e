/**
 * Estimated model tokens of a text: one per four characters, at least one per word. Chunk sizes and prompt
 * budgets are targets, so an estimate that needs no tokenizer (and no model) is enough.
 */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  const words = text.match(/\S+/g)?.length ?? 0;
  return Math.max(words, Math.ceil(text.length / 4));
}
