import { replacePlaceholders } from './prompt-variables.ts';

/** A value a prompt variable may take; `null`, `undefined` and `''` count as missing. */
export type PromptValue = string | number | boolean | null | undefined;

/** Values by variable name, flat: `{ 'contact.name': 'Ana', 'config.tone': 'formal' }`. */
export type PromptValues = Readonly<Record<string, PromptValue>>;

function lookup(values: PromptValues | undefined, name: string): string | undefined {
  // Own properties only: `{{__proto__}}` or `{{constructor}}` never reach Object.prototype.
  if (!values || !Object.hasOwn(values, name)) return undefined;
  const value: unknown = values[name];
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * Fills every `{{variable}}` of `text`: its value, else its default, else the empty string, so no
 * placeholder is ever left in the output. Values are inserted verbatim in one pass (never evaluated,
 * never expanded again), and only text, finite numbers and booleans count as values.
 */
export function renderPrompt(options: {
  text: string;
  values: PromptValues;
  /** Used for a variable whose value is missing. @defaultValue no defaults (missing means empty) */
  defaults?: PromptValues | undefined;
}): string {
  return replacePlaceholders(
    options.text,
    (name) => lookup(options.values, name) ?? lookup(options.defaults, name) ?? '',
  );
}
