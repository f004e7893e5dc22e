import { isRecord, setOwn } from './json-record.ts';

type Path = (string | number)[];

const refPrefixes = ['#/$defs/', '#/definitions/'];

/** The definition a local `$ref` names (`#/$defs/<name>` or `#/definitions/<name>`), JSON-pointer decoded. */
export function definitionName(ref: string): string | undefined {
  const prefix = refPrefixes.find((candidate) => ref.startsWith(candidate));
  const segment = prefix === undefined ? undefined : ref.slice(prefix.length);
  if (!segment || segment.includes('/')) return undefined;
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** The `$ref` to definition `name` on the stripped copy, where every definition sits under `$defs`. */
export function strippedRef(name: string): string {
  return `#/$defs/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/**
 * A schema's top-level definitions (`$defs` or the older `definitions`), each checked once by `visit` when
 * first asked for; a definition asked for again while it is being checked is a cycle, and refused.
 */
export class ClientSchemaDefinitions<Info extends { readonly stripped: unknown }> {
  readonly key: '$defs' | 'definitions';
  readonly #source: Record<string, unknown>;
  readonly #checked = new Map<string, Info | 'visiting'>();
  readonly #visit: (node: unknown, path: Path) => Info;
  readonly #problem: (path: Path, message: string) => void;

  constructor(options: {
    root: Record<string, unknown>;
    visit: (node: unknown, path: Path) => Info;
    problem: (path: Path, message: string) => void;
  }) {
    const { root } = options;
    this.#visit = options.visit;
    this.#problem = options.problem;
    this.key = root.$defs === undefined ? 'definitions' : '$defs';
    const source = root[this.key] ?? {};
    if (root.$defs !== undefined && root.definitions !== undefined) {
      this.#problem(['definitions'], 'cannot be used beside $defs: keep one of the two');
    }
    if (!isRecord(source)) this.#problem([this.key], 'must be an object of schemas');
    this.#source = isRecord(source) ? source : {};
  }

  /** Checks every definition, used or not. */
  checkAll(): void {
    for (const name of Object.keys(this.#source)) this.get(name, [this.key, name]);
  }

  /** The checked definition `name`, visited once; undefined when missing or part of a cycle. */
  get(name: string, path: Path, ref = `#/${this.key}/${name}`): Info | undefined {
    const known = this.#checked.get(name);
    if (known === 'visiting') {
      this.#problem(path, `refers back to itself through ${ref}: recursive schemas are not supported`);
      return undefined;
    }
    if (known) return known;
    if (!Object.hasOwn(this.#source, name)) {
      this.#problem(path, `refers to ${ref}, which is not defined`);
      return undefined;
    }
    this.#checked.set(name, 'visiting');
    const info = this.#visit(this.#source[name], [this.key, name]);
    this.#checked.set(name, info);
    return info;
  }

  /** The stripped definitions, for the stripped copy's `$defs`; undefined when the schema has none. */
  stripped(): Record<string, unknown> | undefined {
    if (this.#checked.size === 0) return undefined;
    const $defs: Record<string, unknown> = {};
    for (const [name, info] of this.#checked) if (info !== 'visiting') setOwn($defs, name, info.stripped);
    return $defs;
  }
}
