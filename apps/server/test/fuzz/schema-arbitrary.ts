import fc from 'fast-check';
import { nastyKey, nastyNumber, nastyString, nastyValue, objectOf } from './nasty-values.ts';

/** The part of JSON Schema (as the OpenAPI description writes it) that the generators read. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
}

/** How values are drawn: `valid` follows the schema; `wild` puts hostile leaves into the schema's shape. */
export interface SchemaArbitraryOptions {
  mode: 'valid' | 'wild';
  /** Resolves `$ref` against the description's components. */
  resolve: (ref: string) => JsonSchema | undefined;
}

const maxDepth = 4;

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 40;
  if (schema.pattern) {
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((text) => text.length >= minLength && text.length <= maxLength);
  }
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.format === 'date-time')
    return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
  if (schema.format === 'uuid') return fc.uuid();
  return fc.string({ minLength, maxLength: Math.min(maxLength, Math.max(minLength, 24)) });
}

function leaf<T>(
  mode: SchemaArbitraryOptions['mode'],
  valid: fc.Arbitrary<T>,
  hostile: fc.Arbitrary<unknown>,
) {
  return mode === 'valid'
    ? valid
    : fc.oneof({ weight: 2, arbitrary: valid }, { weight: 1, arbitrary: hostile });
}

function objectArbitrary(schema: JsonSchema, options: SchemaArbitraryOptions, depth: number) {
  const properties = schema.properties ?? {};
  const model = Object.fromEntries(
    Object.entries(properties).map(([key, property]) => [key, schemaArbitrary(property, options, depth + 1)]),
  );
  const declared = fc.record(model, { requiredKeys: schema.required ?? [] });
  const extra = schema.additionalProperties;
  if (extra === undefined || extra === false) return declared;
  const keys = schema.propertyNames ? validString(schema.propertyNames) : fc.string({ maxLength: 12 });
  const values = extra === true ? fc.jsonValue({ maxDepth: 2 }) : schemaArbitrary(extra, options, depth + 1);
  const hostileKeys = options.mode === 'wild' ? fc.oneof(keys, nastyKey) : keys;
  return fc
    .tuple(declared, fc.array(fc.tuple(hostileKeys, values), { maxLength: 3 }))
    .map(([known, entries]) => objectOf([...Object.entries(known), ...entries]));
}

/**
 * Values for a JSON schema. In `valid` mode they pass the schema (so requests reach the handlers and
 * the database); in `wild` mode each leaf may be replaced by a hostile value of any type.
 */
export function schemaArbitrary(
  schema: JsonSchema,
  options: SchemaArbitraryOptions,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (schema.$ref) {
    const target = options.resolve(schema.$ref);
    return target ? schemaArbitrary(target, options, depth) : fc.jsonValue({ maxDepth: 2 });
  }
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches?.length) return fc.oneof(...branches.map((branch) => schemaArbitrary(branch, options, depth)));
  if (schema.allOf?.length) return schemaArbitrary(Object.assign({}, ...schema.allOf), options, depth);
  if (schema.enum?.length) return leaf(options.mode, fc.constantFrom(...schema.enum), nastyValue);
  if (schema.const !== undefined) return leaf(options.mode, fc.constant(schema.const), nastyValue);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return leaf(options.mode, validString(schema), fc.oneof(nastyString, nastyString, nastyValue));
    case 'integer':
      return leaf(
        options.mode,
        fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 }),
        nastyNumber,
      );
    case 'number':
      return leaf(
        options.mode,
        fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true }),
        nastyNumber,
      );
    case 'boolean':
      return leaf(options.mode, fc.boolean(), nastyValue);
    case 'null':
      return leaf(options.mode, fc.constant(null), nastyValue);
    case 'array': {
      if (depth >= maxDepth) return fc.constant([]);
      const items = schemaArbitrary(schema.items ?? {}, options, depth + 1);
      const array = fc.array(items, {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
      return leaf(options.mode, array, nastyValue);
    }
    case 'object':
      if (depth >= maxDepth) return fc.constant({});
      return leaf(options.mode, objectArbitrary(schema, options, depth), nastyValue);
    default:
      // An unconstrained schema (`{}`): any JSON, hostile values included in wild mode.
      return leaf(options.mode, fc.jsonValue({ maxDepth: 2 }), nastyValue);
  }
}
