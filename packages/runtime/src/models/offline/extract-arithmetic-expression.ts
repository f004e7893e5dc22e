import type { OfflineLanguage } from './language.ts';

/** Spoken operators between numbers, rewritten to symbols before the expression is cut out. */
const wordOperators: ReadonlyArray<readonly [RegExp, string]> = [
  [/(?<=[\d)])\s*(?:multiplicado por|multiplied by|vezes|times)\s*(?=[\d(-])/gi, ' * '],
  [/(?<=[\d)])\s*(?:dividido por|divided by|over)\s*(?=[\d(-])/gi, ' / '],
  [/(?<=[\d)])\s*(?:elevado a|to the power of)\s*(?=[\d(-])/gi, ' ^ '],
  [/(?<=[\d)])\s*(?:mais|plus)\s*(?=[\d(-])/gi, ' + '],
  [/(?<=[\d)])\s*(?:menos|minus)\s*(?=[\d(-])/gi, ' - '],
  [/(?<=\d)\s*[x×]\s*(?=[\d(])/gi, ' * '],
  [/÷/g, ' / '],
];

/** `15% de 200`, `15% of 200` → `15 / 100 * 200`. */
const percentOf = /(\d+(?:\.\d+)?)\s*%\s*(?:de|of)\s*(\d+(?:\.\d+)?)/gi;

/** Maximal runs of characters an arithmetic expression can contain. */
const expressionRun = /[-+*/%^().\d\s]+/g;

/** A run is an expression when a number is followed by a binary operator and another operand. */
const binaryOperation = /[\d)]\s*(?:[-+*/%^]|\*\*)\s*[-+(.\d]/;

/** Dates and phone numbers (`2025-03-01`, `01/03/2025`, `11-5555-1234`) are not sums or divisions. */
const dateOrPhone = /^\d+(?:-\d+){2,}$|^\d+(?:\/\d+){2,}$/;

function normalizeDecimals(text: string, language: OfflineLanguage): string {
  // Portuguese writes 2,5 for 2.5; English writes 1,000 for 1000.
  return language === 'pt' ? text.replace(/(?<=\d),(?=\d)/g, '.') : text.replace(/(?<=\d),(?=\d{3}\b)/g, '');
}

function cleanRun(run: string): string {
  return run
    .trim()
    .replace(/[.\s]+$/, '')
    .replace(/^[*/%^)\s]+/, '')
    .trim();
}

/**
 * Cuts the arithmetic expression out of a sentence such as "quanto é 2,5 vezes (3 + 1)?" or "Calculate
 * 15% of 80": rewrites spoken operators and decimal commas, then returns the longest run of number and
 * operator characters that holds a binary operation (dates and phone numbers such as `2025-03-01` excepted),
 * or `null` when there is none.
 */
export function extractArithmeticExpression(text: string, language: OfflineLanguage): string | null {
  let rewritten = normalizeDecimals(text, language);
  for (const [pattern, replacement] of wordOperators) rewritten = rewritten.replace(pattern, replacement);
  rewritten = rewritten.replace(percentOf, '$1 / 100 * $2');
  const runs = (rewritten.match(expressionRun) ?? [])
    .map(cleanRun)
    .filter((run) => binaryOperation.test(run) && !dateOrPhone.test(run));
  const longest = runs.reduce<string | null>(
    (best, run) => (best === null || run.length > best.length ? run : best),
    null,
  );
  return longest === null ? null : longest.replace(/\s+/g, ' ');
}
