import { type ClientPattern, ClientPatternError, compileClientPattern } from './client-pattern.ts';

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

/** One reason a client's schema is refused: where (JSON path inside the schema) and why. */
export interface ClientSchemaProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** A checked schema: the copy zod may compile (no `pattern`) and what the pattern check walks. */
export interface ClientSchemaPlan {
  /**
   * The schema for zod: `pattern` moved to {@link patternAnnotation}, `$defs` only at the top (as
   * `$defs`), `$schema` dropped.
   */
  readonly stripped: Record<string, unknown>;
  /** The compiled pattern of each stripped node that had one. */
  readonly patterns: WeakMap<object, ClientPattern>;
  /** The stripped definition each `$ref` node points at. */
  readonly refs: WeakMap<object, unknown>;
  /** Stripped nodes with a pattern somewhere below them (the only ones the check walks). */
  readonly withPatterns: WeakSet<object>;
}

type Path = (string | number)[];
interface NodeInfo {
  readonly stripped: unknown;
  readonly height: number;
  readonly nodes: number;
  readonly hasPattern: boolean;
}

const copiedKeywords = new Set([
  ...['type', 'enum', 'const', 'required', 'format', 'minLength', 'maxLength', 'multipleOf'],
  ...['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'uniqueItems'],
  ...['minContains', 'maxContains', 'minProperties', 'maxProperties'],
  ...['title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly', '$comment'],
]);
const subschemaKeywords = new Set(['items', 'additionalProperties', 'additionalItems', 'contains']);
const listKeywords = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items']);
/** Where a value's path depends on which branch matched, so a pattern's issue could not be placed. */
const branchingKeywords = new Set(['anyOf', 'oneOf', 'contains']);
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
const refPrefixes = ['#/$defs/', '#/definitions/'];
const empty: NodeInfo = { stripped: {}, height: 0, nodes: 0, hasPattern: false };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets an own property, even `__proto__`, which plain assignment would turn into a prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function definitionName(ref: string): string | undefined {
  const prefix = refPrefixes.find((candidate) => ref.startsWith(candidate));
  const segment = prefix === undefined ? undefined : ref.slice(prefix.length);
  if (!segment || segment.includes('/')) return undefined;
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

/**
 * Checks a client's JSON schema against {@link clientJsonSchemaLimits} and the keywords Renum can
 * evaluate safely, compiles every `pattern` with RE2, and returns what `compileClientJsonSchema` needs;
 * or every problem found, each with its path inside the schema.
 */
export function planClientJsonSchema(
  schema: unknown,
): { ok: true; plan: ClientSchemaPlan } | { ok: false; problems: ClientSchemaProblem[] } {
  if (!isRecord(schema)) return { ok: false, problems: [{ path: [], message: 'must be a JSON object' }] };
  let bytes: number;
  try {
    bytes = Buffer.byteLength(JSON.stringify(schema), 'utf8');
  } catch {
    bytes = Number.POSITIVE_INFINITY; // too deep for JSON.stringify
  }
  if (bytes > clientJsonSchemaLimits.maxBytes) {
    const message = `is larger than ${clientJsonSchemaLimits.maxBytes} bytes as JSON`;
    return { ok: false, problems: [{ path: [], message }] };
  }
  return new SchemaPlanner(schema).run();
}

class SchemaPlanner {
  readonly problems: ClientSchemaProblem[] = [];
  readonly patterns = new WeakMap<object, ClientPattern>();
  readonly refs = new WeakMap<object, unknown>();
  readonly withPatterns = new WeakSet<object>();
  readonly definitions = new Map<string, NodeInfo | 'visiting'>();
  readonly definitionsKey: '$defs' | 'definitions';
  readonly source: Record<string, unknown>;
  patternProgramSize = 0;
  tooDeep = false;

  readonly root: Record<string, unknown>;

  constructor(root: Record<string, unknown>) {
    this.root = root;
    this.definitionsKey = root.$defs === undefined ? 'definitions' : '$defs';
    const source = root[this.definitionsKey] ?? {};
    if (root.$defs !== undefined && root.definitions !== undefined) {
      this.problem(['definitions'], 'cannot be used beside $defs: keep one of the two');
    }
    if (!isRecord(source)) this.problem([this.definitionsKey], 'must be an object of schemas');
    this.source = isRecord(source) ? source : {};
  }

  run(): { ok: true; plan: ClientSchemaPlan } | { ok: false; problems: ClientSchemaProblem[] } {
    const { maxDepth, maxNodes, maxPatternProgramSize } = clientJsonSchemaLimits;
    for (const name of Object.keys(this.source)) this.definition(name, [this.definitionsKey, name]);
    const root = this.visit(this.root, [], 0);
    if (root.height > maxDepth && !this.tooDeep) {
      this.problem([], `nests subschemas more than ${maxDepth} deep (counting through $ref)`);
    }
    if (root.nodes > maxNodes) {
      this.problem([], `has more than ${maxNodes} subschemas (counting each $ref where it is used)`);
    }
    if (this.patternProgramSize > maxPatternProgramSize) {
      this.problem([], `has patterns that compile to more than ${maxPatternProgramSize} steps in all`);
    }
    if (this.problems.length > 0) return { ok: false, problems: this.problems };
    const stripped = root.stripped as Record<string, unknown>;
    const $defs: Record<string, unknown> = {};
    for (const [name, info] of this.definitions) if (info !== 'visiting') setOwn($defs, name, info.stripped);
    if (this.definitions.size > 0) stripped.$defs = $defs;
    const { patterns, refs, withPatterns } = this;
    return { ok: true, plan: { stripped, patterns, refs, withPatterns } };
  }

  problem(path: Path, message: string): void {
    this.problems.push({ path, message });
  }

  /** The checked definition `name`, visited once; undefined when missing or part of a cycle. */
  definition(name: string, path: Path, ref = `#/${this.definitionsKey}/${name}`): NodeInfo | undefined {
    const known = this.definitions.get(name);
    if (known === 'visiting') {
      this.problem(path, `refers back to itself through ${ref}: recursive schemas are not supported`);
      return undefined;
    }
    if (known) return known;
    if (!Object.hasOwn(this.source, name)) {
      this.problem(path, `refers to ${ref}, which is not defined`);
      return undefined;
    }
    this.definitions.set(name, 'visiting');
    const info = this.visit(this.source[name], [this.definitionsKey, name], 0);
    this.definitions.set(name, info);
    return info;
  }

  visit(node: unknown, path: Path, depth: number): NodeInfo {
    if (typeof node === 'boolean') return { stripped: node, height: 0, nodes: 1, hasPattern: false };
    if (!isRecord(node)) {
      this.problem(path, 'must be a schema (an object or true or false)');
      return empty;
    }
    if (depth > clientJsonSchemaLimits.maxDepth) {
      if (!this.tooDeep)
        this.problem(path, `nests subschemas more than ${clientJsonSchemaLimits.maxDepth} deep`);
      this.tooDeep = true;
      return empty;
    }
    const stripped: Record<string, unknown> = {};
    let info: NodeInfo = { stripped, height: 0, nodes: 1, hasPattern: false };
    for (const [key, value] of Object.entries(node)) {
      const child = this.keyword(stripped, key, value, [...path, key], depth);
      if (child) {
        info = {
          stripped,
          height: Math.max(info.height, child.height),
          nodes: info.nodes + child.nodes,
          hasPattern: info.hasPattern || child.hasPattern,
        };
      }
    }
    if (info.hasPattern) this.withPatterns.add(stripped);
    return info;
  }

  /** Handles one keyword of a schema node, copying it to `stripped`; answers what lies below it. */
  keyword(stripped: Record<string, unknown>, key: string, value: unknown, path: Path, depth: number) {
    if (copiedKeywords.has(key)) {
      setOwn(stripped, key, value);
      return undefined;
    }
    if (key === 'pattern') return this.pattern(stripped, value, path);
    if (key === '$ref') return this.ref(stripped, value, path);
    if (key === 'properties') return this.properties(stripped, value, path, depth);
    if (listKeywords.has(key) && Array.isArray(value)) return this.list(stripped, key, value, path, depth);
    if (subschemaKeywords.has(key)) {
      const child = this.visit(value, path, depth + 1);
      setOwn(stripped, key, child.stripped);
      if (key === 'contains' && child.hasPattern) this.branchingPattern(path, key);
      return { ...child, height: child.height + 1 };
    }
    if (path.length === 1 && (key === '$defs' || key === 'definitions' || key === '$schema'))
      return undefined;
    if (key === '$defs' || key === 'definitions') {
      this.problem(path, 'is only supported at the top of the schema');
    } else if (listKeywords.has(key)) {
      this.problem(path, 'must be an array of schemas');
    } else {
      const reason = refusals.get(key);
      this.problem(path, `is not a supported keyword${reason ? `: ${reason}` : ''}`);
    }
    return undefined;
  }

  pattern(stripped: Record<string, unknown>, value: unknown, path: Path): NodeInfo | undefined {
    if (typeof value !== 'string') {
      this.problem(path, 'must be a string');
      return undefined;
    }
    try {
      const compiled = compileClientPattern(value);
      this.patterns.set(stripped, compiled);
      stripped[patternAnnotation] = value;
      this.patternProgramSize += compiled.programSize;
      return { stripped, height: 0, nodes: 0, hasPattern: true };
    } catch (error) {
      if (!(error instanceof ClientPatternError)) throw error;
      this.problem(path, error.message);
      return undefined;
    }
  }

  ref(stripped: Record<string, unknown>, value: unknown, path: Path): NodeInfo | undefined {
    const name = typeof value === 'string' ? definitionName(value) : undefined;
    if (name === undefined) {
      this.problem(path, 'must be a local reference: #/$defs/<name> or #/definitions/<name>');
      return undefined;
    }
    const target = this.definition(name, path, value as string);
    if (!target) return undefined;
    stripped.$ref = `#/$defs/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    this.refs.set(stripped, target.stripped);
    return target;
  }

  properties(stripped: Record<string, unknown>, value: unknown, path: Path, depth: number) {
    if (!isRecord(value)) {
      this.problem(path, 'must be an object of schemas');
      return undefined;
    }
    const copy: Record<string, unknown> = {};
    let info: NodeInfo = empty;
    for (const [name, schema] of Object.entries(value)) {
      const child = this.visit(schema, [...path, name], depth + 1);
      setOwn(copy, name, child.stripped);
      info = this.merge(info, child);
    }
    stripped.properties = copy;
    return info;
  }

  list(stripped: Record<string, unknown>, key: string, value: unknown[], path: Path, depth: number) {
    let info: NodeInfo = empty;
    const copies = value.map((schema, index) => {
      const child = this.visit(schema, [...path, index], depth + 1);
      if (branchingKeywords.has(key) && child.hasPattern) this.branchingPattern([...path, index], key);
      info = this.merge(info, child);
      return child.stripped;
    });
    setOwn(stripped, key, copies);
    return info;
  }

  merge(total: NodeInfo, child: NodeInfo): NodeInfo {
    return {
      stripped: total.stripped,
      height: Math.max(total.height, child.height + 1),
      nodes: total.nodes + child.nodes,
      hasPattern: total.hasPattern || child.hasPattern,
    };
  }

  branchingPattern(path: Path, key: string): void {
    this.problem(
      path,
      `cannot use pattern (here or through $ref) inside ${key}: patterns are checked under properties, items, additionalProperties and allOf`,
    );
  }
}
