/** Prefix shown in place of the hidden part of a masked secret; fixed, so it does not reveal the length. */
const hiddenPrefix = '••••';

/** Most characters a mask ever shows in clear. */
const maxVisible = 4;

/**
 * Masks a secret for display: at most its last four characters in clear (`••••abcd`), and fewer for
 * short secrets (a quarter of the length, rounded down) so no more than a quarter is ever revealed.
 */
export function mask(secretValue: string): string {
  const characters = Array.from(typeof secretValue === 'string' ? secretValue : '');
  const visible = Math.min(maxVisible, Math.floor(characters.length / 4));
  return hiddenPrefix + (visible === 0 ? '' : characters.slice(-visible).join(''));
}
