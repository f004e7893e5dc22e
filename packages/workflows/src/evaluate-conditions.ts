import type { WorkflowCondition } from '@renum/contracts';
import { readContextField } from './context-field.ts';

/** True when every condition holds in the context (no condition: true). */
export function conditionsHold(
  conditions: readonly WorkflowCondition[] | undefined,
  context: Readonly<Record<string, unknown>>,
): boolean {
  return (conditions ?? []).every((condition) => conditionHolds(condition, context));
}

/**
 * Evaluates one condition. A missing field satisfies only `exists` with `value: false`; comparisons
 * of different types are false (no coercion, except numbers given as numeric text for gt/gte/lt/lte).
 */
export function conditionHolds(
  condition: WorkflowCondition,
  context: Readonly<Record<string, unknown>>,
): boolean {
  const read = readContextField(context, condition.field);
  if (condition.operator === 'exists') return read.found === (condition.value ?? true);
  if (!read.found) return false;
  const actual = read.value;
  const expected = condition.value;
  switch (condition.operator) {
    case 'equals':
      return sameValue(actual, expected);
    case 'not_equals':
      return !sameValue(actual, expected);
    case 'contains':
      return contains(actual, expected);
    case 'not_contains':
      return !contains(actual, expected);
    case 'in':
      return Array.isArray(expected) && expected.some((item) => sameValue(actual, item));
    case 'not_in':
      return Array.isArray(expected) && !expected.some((item) => sameValue(actual, item));
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return compare(condition.operator, actual, expected);
    default:
      return false; // an unknown operator never holds (the validator refuses it on save)
  }
}

/** Structural equality of JSON values; text compares trimmed and case-insensitively (a model's "Billing"). */
function sameValue(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'string' && typeof expected === 'string')
    return actual.trim().toLowerCase() === expected.trim().toLowerCase();
  if (actual === null || expected === null || typeof actual !== 'object' || typeof expected !== 'object')
    return actual === expected;
  return JSON.stringify(actual) === JSON.stringify(expected);
}

function contains(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'string' && typeof expected === 'string')
    return actual.toLowerCase().includes(expected.toLowerCase());
  if (Array.isArray(actual)) return actual.some((item) => sameValue(item, expected));
  return false;
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}

function compare(operator: 'gt' | 'gte' | 'lt' | 'lte', actual: unknown, expected: unknown): boolean {
  const left = toNumber(actual);
  const right = toNumber(expected);
  if (left === null || right === null) return false;
  if (operator === 'gt') return left > right;
  if (operator === 'gte') return left >= right;
  if (operator === 'lt') return left < right;
  return left <= right;
}
