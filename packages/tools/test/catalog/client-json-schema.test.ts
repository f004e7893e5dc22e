import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type ClientSchemaProblem,
  clientJsonSchemaLimits,
  compileClientJsonSchema,
  compileClientPattern,
} from '../../src/index.ts';

const catastrophic = '^([a-z:/]+)+$';
/** Backtracking takes about 2^n steps on this (n = 28: some 5 s in Node 24); RE2 takes n. */
const adversarial = `https://${'a'.repeat(20)}-`;

function validatorOf(schema: unknown): z.ZodType<unknown> {
  const compiled = compileClientJsonSchema(schema);
  if (!compiled.ok) throw new Error(`refused: ${JSON.stringify(compiled.problems)}`);
  return compiled.validator;
}

function problemsOf(schema: unknown): readonly ClientSchemaProblem[] {
  const compiled = compileClientJsonSchema(schema);
  if (compiled.ok) throw new Error('accepted a schema it should refuse');
  return compiled.problems;
}

function objectWith(property: unknown) {
  return { type: 'object', properties: { url: property }, required: ['url'] };
}

/** An object schema nested `levels` deep through `properties.next`. */
function nested(levels: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let level = 0; level < levels; level++) schema = { type: 'object', properties: { next: schema } };
  return schema;
}

describe('compileClientJsonSchema: patterns on RE2', () => {
  it('answers the catastrophic pattern on an adversarial input at once, and correctly', () => {
    const validator = validatorOf(objectWith({ type: 'string', pattern: catastrophic }));
    const started = performance.now();
    const attack = validator.safeParse({ url: adversarial });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(500);
    expect(attack.success).toBe(false);
    expect(attack.error?.issues[0]).toMatchObject({
      path: ['url'],
      message: expect.stringContaining(catastrophic),
    });
    expect(validator.safeParse({ url: 'https://example' }).success).toBe(true);
  });

  it('still enforces legitimate patterns (not anchored unless the pattern says so)', () => {
    const validator = validatorOf(objectWith({ type: 'string', pattern: '^[A-Z]{3}-\\d+$' }));
    expect(validator.safeParse({ url: 'ABC-12' }).success).toBe(true);
    expect(validator.safeParse({ url: 'abc' }).success).toBe(false);
    const unanchored = validatorOf(objectWith({ type: 'string', pattern: '\\d' }));
    expect(unanchored.safeParse({ url: 'order 7' }).success).toBe(true);
    expect(unanchored.safeParse({ url: 'no digits' }).success).toBe(false);
  });

  it('checks patterns under items, additionalProperties, allOf and $ref, naming the path', () => {
    const validator = validatorOf({
      type: 'object',
      $defs: { code: { type: 'string', pattern: '^[a-z]+$' } },
      properties: {
        tags: { type: 'array', items: { $ref: '#/$defs/code' } },
        extra: { type: 'object', additionalProperties: { allOf: [{ pattern: '^x' }] } },
      },
    });
    expect(validator.safeParse({ tags: ['ab', 'cd'], extra: { a: 'xy' } }).success).toBe(true);
    const bad = validator.safeParse({ tags: ['ab', 'C'], extra: { a: 'yy' } });
    expect(bad.error?.issues.map((issue) => issue.path)).toEqual([
      ['tags', 1],
      ['extra', 'a'],
    ]);
  });

  it('shows the pattern to the model in the JSON schema without compiling it', () => {
    const validator = validatorOf(
      objectWith({ type: 'string', pattern: catastrophic, description: 'A URL' }),
    );
    const shown = z.toJSONSchema(validator, { io: 'input' });
    expect(shown.properties?.url).toMatchObject({
      type: 'string',
      pattern: catastrophic,
      description: 'A URL',
    });
    expect(JSON.stringify(shown)).not.toContain('x-renum-pattern');
  });

  it('refuses a string whose check would exceed the work budget, quickly', () => {
    // About 500 instructions: a lazy DFA that keeps missing its cache spends ~250 ns per character each.
    const validator = validatorOf(objectWith({ type: 'string', pattern: 'a.{499}$' }));
    let seed = 1;
    const letters = Array.from({ length: 100_000 }, () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed < 1_073_741_824 ? 'a' : 'c';
    });
    letters[letters.length - 501] = 'c'; // no match: every position must be tried
    const text = letters.join('');
    const started = performance.now();
    const result = validator.safeParse({ url: text });
    // Checked in full, this would take seconds.
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(result.error?.issues[0]?.message).toContain('Too long to check against the pattern');
  });

  it('refuses patterns RE2 cannot run, naming the field', () => {
    expect(problemsOf(objectWith({ type: 'string', pattern: '(a)\\1' }))).toEqual([
      { path: ['properties', 'url', 'pattern'], message: expect.stringContaining('backreferences') },
    ]);
    expect(problemsOf(objectWith({ type: 'string', pattern: '(?=a)b' }))[0]?.path).toEqual([
      'properties',
      'url',
      'pattern',
    ]);
  });

  it('refuses patterns that are too long or expand too much, before compiling them', () => {
    const long = problemsOf(objectWith({ type: 'string', pattern: 'a'.repeat(513) }));
    expect(long[0]?.message).toContain('longer than 512');
    const started = performance.now();
    const expanding = problemsOf(objectWith({ type: 'string', pattern: '[a-z]{0,1000}'.repeat(30) }));
    // Compiled, this would take about half a second.
    expect(performance.now() - started).toBeLessThan(200);
    expect(expanding[0]?.message).toContain('repeats too much');
  });

  it('refuses a pattern where the value it applies to depends on a branch', () => {
    const problems = problemsOf(
      objectWith({ anyOf: [{ type: 'string', pattern: '^a' }, { type: 'number' }] }),
    );
    expect(problems[0]).toMatchObject({ path: ['properties', 'url', 'anyOf', 0] });
  });

  it('compiles a pattern once and runs it in linear time', () => {
    const pattern = compileClientPattern(catastrophic);
    const started = performance.now();
    expect(pattern.test(`https://${'a'.repeat(100_000)}-`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('compileClientJsonSchema: limits and keywords', () => {
  it('refuses a $ref cycle, directly or through another definition', () => {
    const direct = problemsOf({
      type: 'object',
      $defs: { node: { type: 'object', properties: { child: { $ref: '#/$defs/node' } } } },
      properties: { tree: { $ref: '#/$defs/node' } },
    });
    expect(direct[0]).toEqual({
      path: ['$defs', 'node', 'properties', 'child', '$ref'],
      message: expect.stringContaining('refers back to itself'),
    });
    const indirect = problemsOf({
      type: 'object',
      definitions: { a: { $ref: '#/definitions/b' }, b: { items: { $ref: '#/definitions/a' } } },
    });
    expect(indirect[0]?.message).toContain('refers back to itself');
  });

  it('accepts local references in $defs or definitions, and refuses others', () => {
    const viaDefinitions = validatorOf({
      type: 'object',
      definitions: { id: { type: 'string', maxLength: 3 } },
      properties: { a: { $ref: '#/definitions/id' } },
    });
    expect(viaDefinitions.safeParse({ a: 'abc' }).success).toBe(true);
    expect(viaDefinitions.safeParse({ a: 'abcd' }).success).toBe(false);
    for (const ref of ['#', 'https://example.com/schema.json', '#/$defs/a/properties/b']) {
      expect(problemsOf({ type: 'object', $defs: { a: {} }, properties: { x: { $ref: ref } } })[0]).toEqual({
        path: ['properties', 'x', '$ref'],
        message: expect.stringContaining('must be a local reference'),
      });
    }
  });

  it('limits depth, counting through $ref', () => {
    expect(compileClientJsonSchema(nested(clientJsonSchemaLimits.maxDepth)).ok).toBe(true);
    expect(problemsOf(nested(clientJsonSchemaLimits.maxDepth + 1))[0]?.message).toContain(
      'more than 12 deep',
    );
    const throughRefs = problemsOf({
      type: 'object',
      $defs: { deep: nested(11) },
      properties: {
        a: nested(4),
        b: { type: 'object', properties: { c: nested(3), d: { $ref: '#/$defs/deep' } } },
      },
    });
    expect(throughRefs).toEqual([{ path: [], message: expect.stringContaining('counting through $ref') }]);
  });

  it('limits size, and the subschemas a $ref multiplies', () => {
    const properties = Object.fromEntries(
      Array.from({ length: 800 }, (_, index) => [`p${index}`, { type: 'string' }]),
    );
    expect(problemsOf({ type: 'object', properties })[0]?.message).toContain('larger than 16384 bytes');
    // Each level refers to the one below ten times: 10^4 subschemas from a few hundred bytes.
    const $defs: Record<string, unknown> = { d0: { type: 'string' } };
    for (let level = 1; level <= 4; level++) {
      $defs[`d${level}`] = { allOf: Array.from({ length: 10 }, () => ({ $ref: `#/$defs/d${level - 1}` })) };
    }
    const multiplied = problemsOf({ type: 'object', $defs, properties: { a: { $ref: '#/$defs/d4' } } });
    expect(multiplied[0]?.message).toContain('more than 2000 subschemas');
  });

  it('refuses keywords it cannot evaluate safely, with a readable reason', () => {
    const cases: [string, unknown][] = [
      ['patternProperties', { '^x-': { type: 'string' } }],
      ['propertyNames', { pattern: '^a' }],
      ['if', { type: 'string' }],
      ['dependentSchemas', { a: {} }],
      ['not', { type: 'string' }],
      ['$id', 'https://example.com/x'],
    ];
    for (const [keyword, value] of cases) {
      const problems = problemsOf({ type: 'object', [keyword]: value });
      expect(problems[0]).toEqual({
        path: [keyword],
        message: expect.stringContaining('is not a supported keyword'),
      });
    }
    expect(problemsOf({ type: 'object', patternProperties: {} })[0]?.message).toContain(
      'regular expressions',
    );
  });

  it('keeps what zod evaluates: types, required, formats, enums, tuples', () => {
    const validator = validatorOf({
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email' },
        size: { enum: ['s', 'm'] },
        pair: { type: 'array', prefixItems: [{ type: 'string', pattern: '^k' }, { type: 'number' }] },
      },
      required: ['email'],
    });
    expect(validator.safeParse({ email: 'a@b.co', size: 's', pair: ['key', 1] }).success).toBe(true);
    expect(validator.safeParse({ email: 'nope' }).success).toBe(false);
    expect(validator.safeParse({ email: 'a@b.co', pair: ['value', 1] }).success).toBe(false);
  });
});
