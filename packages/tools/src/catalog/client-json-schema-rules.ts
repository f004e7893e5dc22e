/** Limits on a JSON schema a client writes (an HTTP tool's `parameters`, and any future one). */
export const clientJsonSchemaLimits = {
  /** Bytes of the schema as JSON. @defaultValue 16384 */
  maxBytes: 16_384,
  /** Subschemas nested in one another, counted through `$ref`. @defaultValue 12 */
  maxDepth: 12,
  /** Subschemas in all, each `$ref` counted where it is used (bounds the work of one validation). @defaultValue 2000 */
  maxNodes: 2_000,
  /** Compiled pattern instructions in one schema (bounds the work of compiling it). @defaultValue 4000 */
  maxPatternProgramSize: 4_000,
} as const;

/**
 * Where the planner keeps a pattern's text on the stripped copy: zod passes unknown keys on as
 * annotations (`compileClientJsonSchema` names it back `pattern` for the model), but never compiles it.
 */
export const patternAnnotation = 'x-renum-pattern';

/** Keywords copied as they are: zod evaluates them in bounded time. */
export const copiedKeywords: ReadonlySet<string> = new Set([
  ...['type', 'enum', 'const', 'required', 'format', 'minLength', 'maxLength', 'multipleOf'],
  ...['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'uniqueItems'],
  ...['minContains', 'maxContains', 'minProperties', 'maxProperties'],
  ...['title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly', '$comment'],
]);
/** Keywords whose value is one subschema. */
export const subschemaKeywords: ReadonlySet<string> = new Set([
  'items',
  'additionalProperties',
  'additionalItems',
  'contains',
]);
/** Keywords whose value is a list of subschemas (`items` may be either). */
export const listKeywords: ReadonlySet<string> = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items']);
/** Where a value's path depends on which branch matched, so a pattern's issue could not be placed. */
export const branchingKeywords: ReadonlySet<string> = new Set(['anyOf', 'oneOf', 'contains']);

const conditional = 'conditional schemas cannot be converted';
/** Why some keywords are refused (every keyword not handled here is). */
const refusals = new Map([
  ['patternProperties', 'its keys are regular expressions; list the properties or use additionalProperties'],
  ['propertyNames', 'it would check every key against a schema'],
  ['if', conditional],
  ['then', conditional],
  ['else', conditional],
  ['not', 'negated schemas cannot be converted'],
]);

/** Why `key`, which the planner does not handle where it stands, is refused. */
export function keywordRefusal(key: string): string {
  if (key === '$defs' || key === 'definitions') return 'is only supported at the top of the schema';
  if (listKeywords.has(key)) return 'must be an array of schemas';
  const reason = refusals.get(key);
  return `is not a supported keyword${reason ? `: ${reason}` : ''}`;
}

/** Why a pattern below the branching keyword `key` is refused. */
export function branchingPatternRefusal(key: string): string {
  return `cannot use pattern (here or through $ref) inside ${key}: patterns are checked under properties, items, additionalProperties and allOf`;
}
