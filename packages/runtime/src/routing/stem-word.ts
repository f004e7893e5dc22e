import { normalizeText, tokenizeText } from './normalize-text.ts';

/** Inflectional plural endings rewritten before anything else: `[suffix, replacement, minimum word length]`. */
const pluralRules: ReadonlyArray<readonly [string, string, number]> = [
  ['coes', 'cao', 5],
  ['oes', 'ao', 5],
  ['aes', 'ao', 5],
  ['ais', 'al', 5],
  ['eis', 'el', 5],
  ['ies', 'y', 5],
];

/**
 * Derivational and verbal endings, longest first; at most one is removed, and only when at least
 * {@link minimumStemLength} letters remain. Portuguese: -amento/-imento/-mento (pagamento), -mente,
 * -ança/-ença (cobrança), -ção, participles -ado/-ada/-ido/-ida, gerunds -ando/-endo/-indo,
 * infinitives -ar/-er/-ir. English: -ment (payment), -ing, -ed.
 */
const derivationalSuffixes: readonly string[] = [
  'amento',
  'imento',
  'mente',
  'mento',
  'anca',
  'enca',
  'ando',
  'endo',
  'indo',
  'ment',
  'cao',
  'ado',
  'ada',
  'ido',
  'ida',
  'ing',
  'ed',
  'ar',
  'er',
  'ir',
];

/** English endings after which a doubled final consonant is undone (`shipped` → `ship`). */
const undoublingSuffixes = new Set(['ing', 'ed']);

/** A stem never gets shorter than this many letters, so short words stay distinct. */
const minimumStemLength = 3;

function removePlural(word: string): string {
  for (const [suffix, replacement, minimumLength] of pluralRules) {
    if (word.length >= minimumLength && word.endsWith(suffix)) {
      return word.slice(0, -suffix.length) + replacement;
    }
  }
  if (word.length >= 4 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * Reduces one word (normalized first when needed, see `normalizeText`) to a stem shared by its common Portuguese and
 * English variants: `faturas`, `fatura` and `faturar` give `fatur`; `pagamento`, `pagar` and `pago` give
 * `pag`; `payments`, `paying` and `pay` give `pay`. Steps, in order: one plural rule (-ções → -ção,
 * -ões → -ão, -ais → -al, -eis → -el, -ies → -y, else a final -s unless the word ends in -ss, -us or -is);
 * at most one derivational or verbal suffix; one final a, e or o; a doubled consonant left by -ing or
 * -ed. Irregular forms (`paid`, `paguei`) are deliberately not handled: the stemmer is small and
 * predictable rather than clever. Words of three letters or fewer are returned unchanged.
 */
export function stemWord(word: string): string {
  const normalized = /^[a-z0-9]*$/.test(word) ? word : normalizeText(word);
  if (normalized.length <= minimumStemLength) return normalized;
  let stem = removePlural(normalized);
  let removedSuffix = '';
  for (const suffix of derivationalSuffixes) {
    if (stem.endsWith(suffix) && stem.length - suffix.length >= minimumStemLength) {
      stem = stem.slice(0, -suffix.length);
      removedSuffix = suffix;
      break;
    }
  }
  if (/[aeo]$/.test(stem) && stem.length - 1 >= minimumStemLength) stem = stem.slice(0, -1);
  if (
    undoublingSuffixes.has(removedSuffix) &&
    /([b-df-hj-np-tv-z])\1$/.test(stem) &&
    !/(ll|ss|zz)$/.test(stem)
  ) {
    stem = stem.slice(0, -1);
  }
  return stem;
}

/** Normalizes `text` and stems each of its words, keeping their order (see {@link stemWord}). */
export function stemText(text: string): string[] {
  return tokenizeText(text).map(stemWord);
}
