import { describe, expect, it } from 'vitest';
import {
  findTextIssues,
  findTextProblem,
  sanitizeText,
  sanitizeTextDeep,
  textIssueField,
  truncateText,
} from '../src/text.ts';

const highSurrogate = '\ud83d';
const lowSurrogate = '\ude00';
const grinning = '😀';
const family = '👨‍👩‍👧';
const flag = '🇧🇷';

describe('the text rule', () => {
  it('finds NUL and lone surrogates, and accepts well-formed text', () => {
    expect(findTextProblem(`a\u0000b`)).toBe('nul');
    expect(findTextProblem(`cut ${highSurrogate}`)).toBe('lone_surrogate');
    expect(findTextProblem(`${lowSurrogate} first`)).toBe('lone_surrogate');
    expect(findTextProblem(`ok ${grinning} ${family} ${flag} ç \u0001`)).toBeNull();
  });

  it('walks values and keys at any depth, in document order, without recursion', () => {
    const value = { ok: ['x', { 'k\u0000': 1 }], late: `${highSurrogate}`, [`${lowSurrogate}`]: 'v' };
    expect(findTextIssues(value)).toEqual([
      { path: ['ok', 1, 'k\u0000'], problem: 'nul', inKey: true },
      { path: ['late'], problem: 'lone_surrogate', inKey: false },
      { path: [lowSurrogate], problem: 'lone_surrogate', inKey: true },
    ]);
    let deep: unknown = 'a\u0000';
    for (let level = 0; level < 20_000; level++) deep = [deep];
    expect(findTextIssues(deep)).toHaveLength(1);
    expect(findTextIssues(['\u0000', '\u0000', '\u0000'], { limit: 2 })).toHaveLength(2);
  });

  it('names the field like the schema errors, with offending characters replaced', () => {
    expect(textIssueField('body', { path: ['config', 'a\u0000', 0] })).toBe('body.config.a\uFFFD.0');
    expect(textIssueField('body', { path: [] })).toBe('body');
  });

  it('sanitizes to U+FFFD, keeping pairs, keys and structure', () => {
    expect(sanitizeText(`a\u0000${highSurrogate}${grinning}`)).toBe(`a\uFFFD\uFFFD${grinning}`);
    const { value, replaced } = sanitizeTextDeep({
      list: ['fine', `x\u0000`],
      [`k${highSurrogate}`]: { n: 1, b: true, z: null },
      ['__proto__']: 'kept as a key',
    });
    expect(replaced).toBe(2);
    expect(value).toEqual({
      list: ['fine', 'x\uFFFD'],
      'k\uFFFD': { n: 1, b: true, z: null },
      ['__proto__']: 'kept as a key',
    });
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toContain('__proto__');
  });
});

describe('truncateText', () => {
  it('never cuts inside a character', () => {
    const text = `${'x'.repeat(79)}${grinning} tail`;
    expect(text.slice(0, 80).isWellFormed()).toBe(false);
    expect(truncateText(text, 80)).toBe('x'.repeat(79));
    expect(truncateText(`ab${family}cd`, 6)).toBe('ab');
    expect(truncateText(`${flag}${flag}`, 5)).toBe(flag);
    expect(truncateText('cafe\u0301!', 4)).toBe('caf');
  });

  it('keeps short text and appends the ellipsis within the limit', () => {
    expect(truncateText('short', 80)).toBe('short');
    expect(truncateText(`${'y'.repeat(198)}${grinning}z`, 200, { ellipsis: '…' })).toBe(
      `${'y'.repeat(198)}…`,
    );
    expect(truncateText('abcdef', 1, { ellipsis: '…' })).toBe('a');
  });

  it('cuts a character longer than the limit between code points', () => {
    const zalgo = `a${'\u0301'.repeat(20)}`;
    expect(truncateText(zalgo, 5)).toBe(zalgo.slice(0, 5));
    expect(truncateText(family, 4)).toBe('👨\u200d');
  });
});
