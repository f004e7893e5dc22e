/**
 * The part of JSON Schema the offline model reads. Declared here because `@ai-sdk/provider` types its
 * schemas with `@types/json-schema`, which is not installed, so they would be `any`.
 */
export interface ToolInputSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, ToolInputSchema | boolean>>;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly additionalProperties?: unknown;
}

function matchesType(value: unknown, schema: ToolInputSchema | boolean | undefined): boolean {
  if (schema === undefined || typeof schema === 'boolean') return schema !== false;
  if (schema.enum !== undefined && !schema.enum.some((allowed) => allowed === value)) return false;
  if (schema.type === undefined) return true;
  const types: readonly string[] = typeof schema.type === 'string' ? [schema.type] : schema.type;
  return types.some((type) => {
    switch (type) {
      case 'string':
        return typeof value === 'string';
      case 'number':
        return typeof value === 'number';
      case 'integer':
        return Number.isInteger(value);
      case 'boolean':
        return typeof value === 'boolean';
      case 'array':
        return Array.isArray(value);
      case 'object':
        return typeof value === 'object' && value !== null && !Array.isArray(value);
      case 'null':
        return value === null;
      default:
        return false;
    }
  });
}

function propertySchema(schema: ToolInputSchema, key: string): ToolInputSchema | undefined {
  const property = schema.properties?.[key];
  return typeof property === 'object' ? property : undefined;
}

/**
 * Fits the arguments the offline model parsed (`values`, most important first) to a tool's input JSON
 * Schema: keeps the values whose property exists with a compatible type; if the first value has no
 * property of its name, puts it in the first still-empty string property (required ones first), so a
 * search tool whose field is `q` still gets the query; fills missing required properties from their
 * `default`. Returns `null` when a required property cannot be filled, so the model does not call a tool
 * with arguments the SDK would reject.
 */
export function conformToolInput(
  values: Record<string, unknown>,
  schema: ToolInputSchema,
): Record<string, unknown> | null {
  const result: Record<string, unknown> = {};
  const properties = schema.properties ?? {};
  const openObject = Object.keys(properties).length === 0 && schema.additionalProperties !== false;
  const entries = Object.entries(values).filter(([, value]) => value !== undefined);
  for (const [key, value] of entries) {
    if (openObject || (key in properties && matchesType(value, properties[key]))) result[key] = value;
  }
  const primary = entries[0];
  if (primary !== undefined && !(primary[0] in result) && typeof primary[1] === 'string') {
    const required = schema.required ?? [];
    const candidates = [...required, ...Object.keys(properties).filter((key) => !required.includes(key))];
    const target = candidates.find((key) => !(key in result) && matchesType(primary[1], properties[key]));
    if (target !== undefined) result[target] = primary[1];
  }
  for (const key of schema.required ?? []) {
    if (key in result) continue;
    const fallback = propertySchema(schema, key)?.default;
    if (fallback === undefined) return null;
    result[key] = fallback;
  }
  return result;
}
