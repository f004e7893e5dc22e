import fc from 'fast-check';
import { nastyKey, nastyValue, poisonCharacter, poisoned } from './nasty-values.ts';

type Path = ReadonlyArray<string | number>;

/** Returned by a change to delete the node instead of replacing it. */
const remove = Symbol('remove');

/** Every node of a JSON value, the root included, as a path of keys and indexes. */
function nodePaths(value: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix];
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      paths.push(...nodePaths(item, [...prefix, index]));
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) paths.push(...nodePaths(item, [...prefix, key]));
  }
  return paths;
}

function nodeAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
}

/** A copy of `root` with the node at `path` swapped for what `change` returns (or removed when it returns `remove`). */
function withNode(root: unknown, path: Path, change: (node: unknown) => unknown): unknown {
  if (path.length === 0) return change(root);
  const [head, ...rest] = path as [string | number, ...Array<string | number>];
  if (Array.isArray(root)) {
    const copy = [...root];
    const next = withNode(copy[head as number], rest, change);
    if (next === remove) copy.splice(head as number, 1);
    else copy[head as number] = next;
    return copy;
  }
  const entries = Object.entries(root as Record<string, unknown>).flatMap(([key, item]) => {
    if (key !== head) return [[key, item] as const];
    const next = withNode(item, rest, change);
    return next === remove ? [] : [[key, next] as const];
  });
  return Object.fromEntries(entries);
}

/** One structural change to a JSON value. */
type Mutation =
  | { kind: 'replace'; replacement: unknown }
  | { kind: 'drop' }
  | { kind: 'add'; key: string; replacement: unknown }
  | { kind: 'wrap-in-array' };

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: nastyValue.map((replacement) => ({ kind: 'replace' as const, replacement })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'drop' as const }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.oneof(nastyKey, fc.string({ maxLength: 10 })), nastyValue)
      .map(([key, replacement]) => ({ kind: 'add' as const, key, replacement })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'wrap-in-array' as const }) },
);

function apply(value: unknown, mutation: Mutation, pick: number): unknown {
  const paths = nodePaths(value);
  const path = paths[pick % paths.length] ?? [];
  switch (mutation.kind) {
    case 'replace':
      return withNode(value, path, () => mutation.replacement);
    case 'drop':
      return path.length === 0 ? undefined : withNode(value, path, () => remove);
    case 'add': {
      const objects = paths.filter((candidate) => {
        const node = nodeAt(value, candidate);
        return node !== null && typeof node === 'object' && !Array.isArray(node);
      });
      const target = objects[pick % Math.max(objects.length, 1)];
      if (!target) return withNode(value, path, () => mutation.replacement);
      return withNode(value, target, (node) =>
        Object.fromEntries([...Object.entries(node as object), [mutation.key, mutation.replacement]]),
      );
    }
    case 'wrap-in-array':
      return withNode(value, path, (node) => [node]);
  }
}

/**
 * Values one to three structural changes away from `valid`: a field of the wrong type or hostile
 * content, a required field missing, an unknown (or NUL, `__proto__`) key added, an object wrapped in an array.
 */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.array(fc.tuple(mutationArbitrary, fc.nat()), { minLength: 1, maxLength: 3 }))
    .map(([value, mutations]) =>
      mutations.reduce((current, [mutation, pick]) => apply(current, mutation, pick), value),
    );
}

/**
 * Valid values with one string poisoned (a NUL or lone surrogate inserted, the rest intact), or a key
 * with a NUL added to one object: the input that passes shape validation and reaches the database.
 */
export function poisonedValue(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.nat(), fc.nat(), poisonCharacter, fc.boolean())
    .map(([value, pick, at, poison, inKey]) => {
      const paths = nodePaths(value);
      const strings = paths.filter((path) => typeof nodeAt(value, path) === 'string');
      const objects = paths.filter((path) => {
        const node = nodeAt(value, path);
        return node !== null && typeof node === 'object' && !Array.isArray(node);
      });
      if ((inKey || strings.length === 0) && objects.length > 0) {
        const target = objects[pick % objects.length] ?? [];
        return withNode(value, target, (node) =>
          Object.fromEntries([...Object.entries(node as object), [poisoned('key', at, poison), 'value']]),
        );
      }
      const target = strings[pick % Math.max(strings.length, 1)];
      if (!target) return poisoned('text', at, poison);
      return withNode(value, target, (node) => poisoned(node as string, at, poison));
    });
}
