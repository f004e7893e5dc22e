import { describe, expect, it } from 'vitest';
import { mask } from '../src/index.ts';
import { recognisableSecret } from './fixtures.ts';

describe('mask', () => {
  it.each([
    ['', '••••'],
    ['abc', '••••'],
    ['abcdefg', '••••g'],
    ['abcdefgh', '••••gh'],
    ['abcdefghijkl', '••••jkl'],
    ['abcdefghijklmnop', '••••mnop'],
    [recognisableSecret, `••••${recognisableSecret.slice(-4)}`],
  ])('masks %j as %j', (value, masked) => {
    expect(mask(value)).toBe(masked);
  });

  it('never shows more than four characters, nor more than a quarter of the secret', () => {
    for (let length = 0; length <= 80; length += 1) {
      const value = 'x'.repeat(length);
      const clear = mask(value).replace(/^•+/, '').length;
      expect(clear).toBeLessThanOrEqual(4);
      expect(clear).toBeLessThanOrEqual(length / 4);
    }
  });

  it('does not reveal the length and keeps characters whole', () => {
    expect(mask('a'.repeat(20)).length).toBe(mask('a'.repeat(200)).length);
    expect(mask('🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔐')).toBe('••••🔑🔑🔑🔐');
  });
});
