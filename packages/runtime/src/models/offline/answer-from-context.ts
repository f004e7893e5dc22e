import { truncateText } from '@renum/contracts';
import { tokenizeText } from '../../routing/normalize-text.ts';
import { stemWord } from '../../routing/stem-word.ts';
import type { ContextPassage } from './context-block.ts';
import { isStopWord, type OfflineLanguage } from './language.ts';

/** Passages up to this many characters are quoted whole; longer ones by their best sentence. */
const maxQuoteLength = 500;

/** Stems of the content words of `text` (stop words dropped), without duplicates. */
function contentStems(text: string): Set<string> {
  return new Set(
    tokenizeText(text)
      .filter((word) => !isStopWord(word))
      .map(stemWord),
  );
}

/** Overlap of question stems with a text, each stem weighted by its rarity across passages (IDF). */
function overlapScore(question: Set<string>, text: string, weights: Map<string, number>): number {
  const stems = contentStems(text);
  let score = 0;
  for (const stem of question) if (stems.has(stem)) score += weights.get(stem) ?? 0;
  return score;
}

function inverseDocumentFrequencies(
  question: Set<string>,
  passages: readonly ContextPassage[],
): Map<string, number> {
  const passageStems = passages.map((passage) => contentStems(passage.text));
  const weights = new Map<string, number>();
  for (const stem of question) {
    const frequency = passageStems.filter((stems) => stems.has(stem)).length;
    weights.set(stem, Math.log(1 + passages.length / Math.max(1, frequency)));
  }
  return weights;
}

function quoteOf(passage: ContextPassage, question: Set<string>, weights: Map<string, number>): string {
  const text = passage.text.replace(/\s+/g, ' ').trim();
  if (text.length <= maxQuoteLength) return text;
  const sentences = text.split(/(?<=[.!?])\s+/);
  let best = sentences[0] ?? text;
  let bestScore = -1;
  for (const sentence of sentences) {
    const score = overlapScore(question, sentence, weights);
    if (score > bestScore) [best, bestScore] = [sentence, score];
  }
  return truncateText(best, maxQuoteLength, { ellipsis: '…' });
}

/** Options of {@link answerFromContext}. */
export interface AnswerFromContextOptions {
  /** The user's question. */
  readonly question: string;
  /** Retrieved passages, in retrieval order. */
  readonly passages: readonly ContextPassage[];
  /** Language of the answer. */
  readonly language: OfflineLanguage;
}

/**
 * Picks the passage sharing the most content words with the question (stemmed, stop words dropped, rare
 * words weighted higher; ties go to the earlier passage) and quotes it with its source. A passage longer
 * than 500 characters is quoted by its best sentence. Says so when no passage shares a word.
 */
export function answerFromContext(options: AnswerFromContextOptions): string {
  const question = contentStems(options.question);
  const weights = inverseDocumentFrequencies(question, options.passages);
  let best: ContextPassage | undefined;
  let bestScore = 0;
  for (const passage of options.passages) {
    const score = overlapScore(question, passage.text, weights);
    if (score > bestScore) [best, bestScore] = [passage, score];
  }
  const pt = options.language === 'pt';
  if (best === undefined) {
    return pt
      ? 'Não encontrei no contexto fornecido um trecho que responda a isso.'
      : 'I found no passage in the provided context that answers this.';
  }
  const quote = quoteOf(best, question, weights);
  return pt
    ? `Segundo o contexto (fonte: ${best.source}): "${quote}"`
    : `According to the context (source: ${best.source}): "${quote}"`;
}
