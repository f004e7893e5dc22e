/** A value that survives a JSON round trip. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

function write(value: unknown, seen: Set<object>): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw new TypeError('Cannot normalise a bigint as JSON');
  }
  const object = value as { toJSON?: () => unknown };
  if (typeof object.toJSON === 'function') return write(object.toJSON(), seen);
  if (seen.has(object)) throw new TypeError('Cannot normalise a cyclic value as JSON');
  seen.add(object);
  let text: string;
  if (Array.isArray(object)) {
    text = `[${object.map((item) => write(item, seen) ?? 'null').join(',')}]`;
  } else {
    const record = object as Record<string, unknown>;
    const fields: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const field = write(record[key], seen);
      if (field !== undefined) fields.push(`${JSON.stringify(key)}:${field}`);
    }
    text = `{${fields.join(',')}}`;
  }
  seen.delete(object);
  return text;
}

/**
 * JSON with object keys sorted at every depth, so arguments that differ only in key order give the same
 * text. Follows `JSON.stringify` otherwise: `undefined` fields are dropped, non-finite numbers become
 * null, `toJSON` is honoured. Throws on bigints and cycles; a top-level `undefined` gives `"null"`.
 */
export function stableStringify(value: unknown): string {
  return write(value, new Set()) ?? 'null';
}
