import { stemmer as englishStem } from '@orama/stemmers/english';
import { stemmer as portugueseStem } from '@orama/stemmers/portuguese';
import { stopWords } from './stop-words.ts';

/** The full-text languages a knowledge base is indexed in. */
export const searchLanguages = ['portuguese', 'english', 'simple'] as const;
export type SearchLanguage = (typeof searchLanguages)[number];

/**
 * How a base's words become its index terms (ADR 0072): `stems` (the default) reduces each word to its
 * Snowball stem in the base's language, so `models` meets `model` and `bacias` meets `bacia`; `words`
 * keeps the words whole (ADR 0019), as bases indexed before stemming still are until they are re-indexed.
 * A `simple` base is never stemmed.
 */
export const lexicalAnalyzers = ['stems', 'words'] as const;
export type LexicalAnalyzer = (typeof lexicalAnalyzers)[number];

const stemmers: Record<SearchLanguage, ((word: string) => string) | null> = {
  english: englishStem,
  portuguese: portugueseStem,
  simple: null,
};

/**
 * The terms of a text for the lexical index: lower case, accents folded (`ação` and `acao` meet), letters
 * and digits only, without the language's stop words, then stemmed (unless `words`). Queries and chunks
 * go through the same function with their base's analyzer, so they always agree.
 */
export function lexicalTerms(
  text: string,
  language: SearchLanguage,
  analyzer: LexicalAnalyzer = 'stems',
): string[] {
  const words =
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const stop = stopWords[language];
  const kept = words.filter((word) => word.length <= 64 && !stop.has(word));
  const stem = analyzer === 'stems' ? stemmers[language] : null;
  return stem ? kept.map(stem) : kept;
}

/** Each distinct term of a text with how often it occurs, and the text's length in terms. */
export function termFrequencies(
  text: string,
  language: SearchLanguage,
  analyzer: LexicalAnalyzer = 'stems',
): { frequencies: Map<string, number>; length: number } {
  const terms = lexicalTerms(text, language, analyzer);
  const frequencies = new Map<string, number>();
  for (const term of terms) frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
  return { frequencies, length: terms.length };
}
