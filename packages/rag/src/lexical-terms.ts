import { stopWords } from './stop-words.ts';

/** The full-text languages a knowledge base is indexed in. */
export const searchLanguages = ['portuguese', 'english', 'simple'] as const;
export type SearchLanguage = (typeof searchLanguages)[number];

/**
 * The terms of a text for the lexical index: lower case, accents folded (`ação` and `acao` meet), letters
 * and digits only, without the language's stop words, unstemmed. Queries and chunks go through the same
 * function, so they always agree.
 */
export function lexicalTerms(text: string, language: SearchLanguage): string[] {
  const words =
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const stop = stopWords[language];
  return words.filter((word) => word.length <= 64 && !stop.has(word));
}

/** Each distinct term of a text with how often it occurs, and the text's length in terms. */
export function termFrequencies(
  text: string,
  language: SearchLanguage,
): { frequencies: Map<string, number>; length: number } {
  const terms = lexicalTerms(text, language);
  const frequencies = new Map<string, number>();
  for (const term of terms) frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
  return { frequencies, length: terms.length };
}
