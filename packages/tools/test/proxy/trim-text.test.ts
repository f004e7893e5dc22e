import { describe, expect, it } from 'vitest';
import { trimForModel, trimText } from '../../src/index.ts';

describe('trimText', () => {
  it('cuts a tool result for the model without splitting an emoji, counting what it left out', () => {
    const text = `${'a'.repeat(9)}😀${'b'.repeat(10)}`;
    expect(trimText(text, 10)).toBe(`${'a'.repeat(9)}… [12 more characters]`);
    expect(trimText('short', 10)).toBe('short');
  });

  it('keeps the JSON fallback well-formed', () => {
    const value = { text: '😀'.repeat(50) };
    const trimmed = trimForModel(value, 40);
    expect(typeof trimmed).toBe('string');
    expect((trimmed as string).isWellFormed()).toBe(true);
  });
});
