/**
 * Lower-cases `text`, strips accents (Unicode NFD, combining marks removed) and turns every
 * character that is neither a letter nor a digit into a single space. The result has no leading,
 * trailing or repeated spaces, so `"Cobrança: FATURA!"` becomes `"cobranca fatura"`.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Splits `text` into normalized words (see {@link normalizeText}); an empty text gives no words. */
export function tokenizeText(text: string): string[] {
  const normalized = normalizeText(text);
  return normalized === '' ? [] : normalized.split(' ');
}
