import fc from 'fast-check';

/**
 * A JSON token written into the body text as it is: what `JSON.stringify` cannot produce (`1e309`,
 * `-0`, integers past 2^53, nesting thousands deep) or refuses to (malformed text).
 */
export class RawJson {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/** Serialises a generated value to JSON text, writing {@link RawJson} tokens verbatim. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${toJsonText(item)}`);
    return `{${members.join(',')}}`;
  }
  // JSON.stringify escapes lone surrogates as `\udXXX`, which the server's parser turns back into one.
  return JSON.stringify(value) ?? 'null';
}

/** An object whose keys are own properties even when one is `__proto__` (a literal would set the prototype). */
export function objectOf(entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  return Object.fromEntries(entries);
}

/**
 * Percent-encodes a path segment or query component. A lone surrogate (which `encodeURIComponent`
 * refuses) becomes its three-byte CESU-8 form, the invalid UTF-8 a careless client sends.
 */
export function encodeComponent(text: string): string {
  let encoded = '';
  for (const character of text) {
    const unit = character.charCodeAt(0);
    if (character.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      const bytes = [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)];
      encoded += bytes.map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
    } else {
      encoded += encodeURIComponent(character);
    }
  }
  return encoded;
}

/** Texts that have broken servers: NUL, lone surrogates, invisible and combining characters, injections. */
const oddTexts = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud83d',
  'cut mid-emoji \ud83d',
  '\udc00 low first',
  '\udc00\ud83d',
  '\ud83d\ude00',
  '👨‍👩‍👧‍👦',
  'e\u0301\u0301\u0301',
  '\u202eevil\u202c',
  '\u200b',
  '\ufeffbom',
  '\uffff\ufffe',
  '\r\n',
  '\t',
  '\u0085\u2028\u2029',
  '%00',
  '%ED%A0%BD',
  '../../etc/passwd',
  "' or 1=1 --",
  '"; drop table agents; --',
  '<script>alert(1)</script>',
  '\u0024{jndi:ldap://127.0.0.1/x}',
  '{{7*7}}',
  'null',
  'true',
  '0',
  '-0',
  '1e309',
  'NaN',
  'Infinity',
  '__proto__',
  'constructor',
  '１２３',
  'İı',
  'ß',
  'ﷺ',
  '\\u0000',
];

/** Strings past the schemas' limits (200, 2,000, 8,192, 32,000) and past the test app's 64 KB body limit. */
const longText = fc
  .constantFrom(201, 2001, 8193, 32_001, 70_000)
  .chain((length) => fc.constantFrom('a', '😀', '\u0000', 'é').map((unit) => unit.repeat(length)));

/** Every UTF-16 code unit, lone surrogates included. */
const anyCodeUnits = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
  maxLength: 24,
});

/** A hostile string: odd characters, huge or empty, or random code units. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...oddTexts) },
  { weight: 3, arbitrary: anyCodeUnits },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: longText },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.string({ maxLength: 8 }),
        fc.constantFrom('\u0000', '\ud83d', '\udfff'),
        fc.string({ maxLength: 8 }),
      )
      .map((parts) => parts.join('')),
  },
);

/** Characters that text columns and `jsonb` refuse: NUL, lone and reversed surrogates. */
export const poisonCharacter: fc.Arbitrary<string> = fc.constantFrom(
  '\u0000',
  '\ud83d',
  '\ude00',
  '\udfff\ud800',
  '\u0000\u0000',
);

/** `text` with a poison character inserted at a position drawn from `at` (so the length stays plausible). */
export function poisoned(text: string, at: number, poison: string): string {
  const position = text.length === 0 ? 0 : at % (text.length + 1);
  return `${text.slice(0, position)}${poison}${text.slice(position)}`;
}

/** Numbers at the edges, some only expressible as raw JSON text. */
export const nastyNumber: fc.Arbitrary<number | RawJson> = fc.oneof(
  fc.constantFrom(0, -1, 1, 0.5, 2 ** 31, 2 ** 31 - 1, 2 ** 53 + 2, -(2 ** 63), 1e308, Number.MIN_VALUE),
  fc
    .constantFrom(
      '-0',
      '1e309',
      '-1e309',
      '123456789012345678901234567890',
      '-123456789012345678901234567890',
      '1E400',
      '1e-400',
      '0.00000000000000000000000000001',
      '1.0',
      '9007199254740993',
    )
    .map((text) => new RawJson(text)),
  fc.double(),
  fc.integer(),
);

/** Nesting `depth` arrays or objects deep, as raw text (what overflows a recursive parser or validator). */
export function deepJson(depth: number, kind: 'array' | 'object'): RawJson {
  return kind === 'array'
    ? new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`)
    : new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}

/** Deep values: around a plausible depth limit (64), and far past it, under the 64 KB body limit. */
export const deepValue: fc.Arbitrary<RawJson> = fc
  .tuple(fc.constantFrom(63, 65, 1000, 5000, 12_000), fc.constantFrom('array' as const, 'object' as const))
  .map(([depth, kind]) => deepJson(kind === 'object' ? Math.min(depth, 10_000) : depth, kind));

/** Keys that have broken servers: NUL, lone surrogates, prototype names, empty, huge. */
export const nastyKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000',
    '\ud83d',
    '',
    '__proto__',
    'constructor',
    'prototype',
    '$ref',
    'k'.repeat(300),
  ),
  anyCodeUnits,
);

/** Any hostile JSON value: wrong types, odd strings and numbers, deep nesting, odd keys. */
export const nastyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: nastyString },
    { weight: 2, arbitrary: nastyNumber },
    { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
    { weight: 1, arbitrary: deepValue },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.tuple(fc.oneof(nastyKey, fc.string({ maxLength: 8 })), tie('value')), { maxLength: 4 })
        .map(objectOf),
    },
  ),
})).value;

/** Whole bodies that are not JSON, or JSON that a careful parser refuses. */
export const rawBodyText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '{',
    '}',
    '{"a":}',
    "{'a':1}",
    '{"a":1,}',
    '[1,2',
    '{"a":1}{"b":2}',
    '{"a":1} trailing',
    'undefined',
    'NaN',
    '-0',
    '1e309',
    '""',
    'null',
    'true',
    '[]',
    ' ',
    '\u0000',
    '\ufeff{}',
    '{"a":"\\x00"}',
    '{"a":"\\ud83d"}',
    '{"a":"\\u0000"}',
    '{"\\u0000":1}',
    '{"a":"\\uZZZZ"}',
    '{"__proto__":{"polluted":1}}',
    '{"constructor":{"prototype":{"polluted":1}}}',
    '{"name":"a","name":"b"}',
    '<?xml version="1.0"?><a/>',
    'name=a&system_prompt=b',
  ),
  deepValue.map((raw) => raw.text),
  fc.string({ unit: 'binary', maxLength: 64 }),
);
