import { describe, expect, it } from 'vitest';
import { stableStringify } from '../../src/index.ts';

describe('stableStringify', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(stableStringify({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('follows JSON for undefined, non-finite numbers and toJSON', () => {
    expect(stableStringify({ a: undefined, b: [undefined], c: Number.NaN, d: new Date(0) })).toBe(
      '{"b":[null],"c":null,"d":"1970-01-01T00:00:00.000Z"}',
    );
    expect(stableStringify(undefined)).toBe('null');
  });

  it('refuses cycles and bigints', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stableStringify(cyclic)).toThrow(/cyclic/);
    expect(() => stableStringify({ n: 1n })).toThrow(/bigint/);
  });

  it('accepts the same object twice when it is not a cycle', () => {
    const shared = { x: 1 };
    expect(stableStringify([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });
});
