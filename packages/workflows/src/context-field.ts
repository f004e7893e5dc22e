/**
 * The shared context of an execution is one JSON object: `initial_prompt` and, per finished step,
 * `agent_<agent id>_result` (seed 002). A condition's `field` is a dotted path into it.
 */

/** The context key a step's result is stored under. */
export function resultKey(agentId: string): string {
  return `agent_${agentId}_result`;
}

const resultKeyPattern = /^agent_(.+)_result$/;

/** The agent whose result a field reads (`agent_<id>_result.category` → `<id>`), or null. */
export function fieldAgentId(field: string): string | null {
  const head = field.split('.')[0] ?? '';
  return resultKeyPattern.exec(head)?.[1]?.toLowerCase() ?? null;
}

/** Reads a dotted path in the context: `{ found: false }` when any part of it is missing. */
export function readContextField(
  context: Readonly<Record<string, unknown>>,
  field: string,
): { found: true; value: unknown } | { found: false } {
  let current: unknown = context;
  for (const part of field.split('.')) {
    if (current === null || typeof current !== 'object') return { found: false };
    const index = Array.isArray(current) ? Number(part) : Number.NaN;
    if (Array.isArray(current) && !Number.isInteger(index)) return { found: false };
    const key = Array.isArray(current) ? index : part;
    if (!Object.hasOwn(current, key)) return { found: false };
    current = (current as Record<string | number, unknown>)[key];
  }
  return current === undefined ? { found: false } : { found: true, value: current };
}
