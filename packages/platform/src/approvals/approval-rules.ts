import type { ApprovalRule } from '@renum/contracts';
import { compileClientPattern } from '@renum/tools';

/** The value at a dotted path of a tool call's arguments (`customer.amount`), or undefined. */
export function readArgument(input: unknown, field: string): unknown {
  let value: unknown = input;
  for (const key of field.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** True when `rule` matches the call's arguments. A missing or mistyped field does not match. */
export function ruleMatches(rule: ApprovalRule, input: unknown): boolean {
  const value = readArgument(input, rule.field);
  switch (rule.op) {
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || Number.isNaN(number)) return false;
      if (rule.op === 'gt') return number > rule.value;
      if (rule.op === 'gte') return number >= rule.value;
      if (rule.op === 'lt') return number < rule.value;
      return number <= rule.value;
    }
    case 'eq':
      return value === rule.value;
    case 'neq':
      return value !== undefined && value !== rule.value;
    case 'in':
      return (typeof value === 'string' || typeof value === 'number') && rule.value.includes(value);
    case 'matches':
      return (
        (typeof value === 'string' || typeof value === 'number') &&
        compileClientPattern(rule.value).test(String(value))
      );
  }
}

/** A readable line for a matched rule: what the approver is warned of. */
export function describeRule(rule: ApprovalRule): string {
  const value = JSON.stringify(rule.value);
  const words = {
    gt: '>',
    gte: '>=',
    lt: '<',
    lte: '<=',
    eq: '==',
    neq: '!=',
    in: 'in',
    matches: 'matches',
  } as const;
  return `${rule.field} ${words[rule.op]} ${value}`;
}
