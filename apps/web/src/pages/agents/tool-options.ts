import type { ToolInfo, ToolOptionInfo } from '@renum/contracts';

/** What an option field holds while it is edited: text for inputs, a flag for checkboxes. */
export type OptionValue = string | boolean;

/** How an option is edited, from its JSON Schema type. */
export type OptionControl = 'credential' | 'choice' | 'boolean' | 'number' | 'json' | 'text';

/** A translation-free code for what is wrong with an option's value (the form translates it). */
export type OptionProblem = 'number' | 'json';

/** The option's type without `null` (`string | null` edits as a string). */
function baseType(option: ToolOptionInfo): string {
  return (
    option.type
      .split('|')
      .map((part) => part.trim())
      .find((part) => part !== 'null') ?? 'any'
  );
}

/** The control an option gets: credentials are picked, enums chosen, objects and lists written as JSON. */
export function optionControl(option: ToolOptionInfo): OptionControl {
  if (option.name === 'credential_name') return 'credential';
  if (option.values && option.values.length > 0) return 'choice';
  const type = baseType(option);
  if (type === 'boolean') return 'boolean';
  if (type === 'integer' || type === 'number') return 'number';
  if (type === 'string') return 'text';
  return 'json';
}

/** Saved options as field values; keys the tool does not know are returned apart, to be shown and dropped. */
export function optionValuesOf(
  tool: ToolInfo | undefined,
  options: Record<string, unknown> | undefined,
): { values: Record<string, OptionValue>; unknown: string[] } {
  const values: Record<string, OptionValue> = {};
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(options ?? {})) {
    const option = tool?.options.find((candidate) => candidate.name === key);
    if (!option) {
      unknown.push(key);
      continue;
    }
    const control = optionControl(option);
    if (control === 'boolean') values[key] = value === true;
    else if (control === 'json') values[key] = JSON.stringify(value, null, 2);
    else values[key] = String(value);
  }
  return { values, unknown };
}

/** Field values back to options: empty fields are left out (the tool's default applies). */
export function optionsFromValues(
  tool: ToolInfo | undefined,
  values: Record<string, OptionValue>,
): { options: Record<string, unknown>; problems: Record<string, OptionProblem> } {
  const options: Record<string, unknown> = {};
  const problems: Record<string, OptionProblem> = {};
  for (const option of tool?.options ?? []) {
    const raw = values[option.name];
    if (raw === undefined || raw === '') continue;
    const control = optionControl(option);
    if (control === 'boolean') {
      if (raw !== (option.default ?? false)) options[option.name] = raw;
    } else if (control === 'number') {
      const number = Number(raw);
      if (Number.isFinite(number)) options[option.name] = number;
      else problems[option.name] = 'number';
    } else if (control === 'json') {
      try {
        options[option.name] = JSON.parse(String(raw));
      } catch {
        problems[option.name] = 'json';
      }
    } else if (control === 'choice') {
      // Enum values are usually strings; a numeric enum goes back as the number it was.
      const match = option.values?.find((candidate) => String(candidate) === raw);
      options[option.name] = match ?? raw;
    } else {
      options[option.name] = raw;
    }
  }
  return { options, problems };
}

/** The credential service a tool's `credential_name` picks from (outbound tools of the catalog). */
export const toolCredentialService: Record<string, string> = {
  web_search: 'tavily',
  web_scrape: 'firecrawl',
  whatsapp_send_message: 'whatsapp',
};
