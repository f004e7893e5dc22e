import { ClientSchemaDefinitions, definitionName, strippedRef } from './client-json-schema-definitions.ts';
import {
  branchingKeywords,
  branchingPatternRefusal,
  clientJsonSchemaLimits,
  copiedKeywords,
  keywordRefusal,
  listKeywords,
  patternAnnotation,
  subschemaKeywords,
} from './client-json-schema-rules.ts';
import { type ClientPattern, ClientPatternError, compileClientPattern } from './client-pattern.ts';
import { isRecord, setOwn } from './json-record.ts';

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

const empty: NodeInfo = { stripped: {}, height: 0, nodes: 0, hasPattern: false };

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

/** Walks a schema once, copying what zod may compile and measuring depth, size and patterns. */
class SchemaPlanner {
  readonly problems: ClientSchemaProblem[] = [];
  readonly patterns = new WeakMap<object, ClientPattern>();
  readonly refs = new WeakMap<object, unknown>();
  readonly withPatterns = new WeakSet<object>();
  readonly definitions: ClientSchemaDefinitions<NodeInfo>;
  patternProgramSize = 0;
  tooDeep = false;

  readonly root: Record<string, unknown>;

  constructor(root: Record<string, unknown>) {
    this.root = root;
    this.definitions = new ClientSchemaDefinitions({
      root,
      visit: (node, path) => this.visit(node, path, 0),
      problem: (path, message) => this.problem(path, message),
    });
  }

  run(): { ok: true; plan: ClientSchemaPlan } | { ok: false; problems: ClientSchemaProblem[] } {
    const { maxDepth, maxNodes, maxPatternProgramSize } = clientJsonSchemaLimits;
    this.definitions.checkAll();
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
    const $defs = this.definitions.stripped();
    if ($defs) stripped.$defs = $defs;
    const { patterns, refs, withPatterns } = this;
    return { ok: true, plan: { stripped, patterns, refs, withPatterns } };
  }

  problem(path: Path, message: string): void {
    this.problems.push({ path, message });
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
      if (key === 'contains' && child.hasPattern) this.problem(path, branchingPatternRefusal(key));
      return { ...child, height: child.height + 1 };
    }
    if (path.length === 1 && (key === '$defs' || key === 'definitions' || key === '$schema'))
      return undefined;
    this.problem(path, keywordRefusal(key));
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
    const target = this.definitions.get(name, path, value as string);
    if (!target) return undefined;
    stripped.$ref = strippedRef(name);
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
      if (branchingKeywords.has(key) && child.hasPattern)
        this.problem([...path, index], branchingPatternRefusal(key));
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
}
