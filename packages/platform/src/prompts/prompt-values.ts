import { promptConfigKeys } from './known-prompt-variables.ts';
import type { PromptValue } from './render-prompt.ts';

const formats = new Map<string, Intl.DateTimeFormat>();

/** Building a formatter costs far more than using one; zones are few, so each is built once. */
function formatFor(timeZone: string): Intl.DateTimeFormat | null {
  let format = formats.get(timeZone);
  if (format) return format;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  } catch {
    return null;
  }
  if (formats.size < 1000) formats.set(timeZone, format);
  return format;
}

function dateTimeParts(now: Date, timeZone: string): Record<string, string> {
  // A time zone typed into a client's settings may be wrong; a prompt still renders, in UTC.
  const format = formatFor(timeZone) ?? formatFor('UTC')!;
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(now)) parts[part.type] = part.value;
  return parts;
}

/**
 * The values of the built-in variables and of `config.<key>` for one conversation, ready for
 * `renderPrompt`. Missing contact fields are left out, so defaults apply to them.
 */
export function buildPromptValues(options: {
  agent: { name: string; description: string | null; config: Readonly<Record<string, unknown>> };
  client: { name: string };
  contact?: { name?: string | null; phone?: string | null; external_id?: string | null } | null | undefined;
  channel: string;
  now: Date;
  /** IANA time zone of `current_date` and `current_time`. @defaultValue 'UTC' */
  timeZone?: string | undefined;
}): Record<string, PromptValue> {
  const { agent, contact } = options;
  const when = dateTimeParts(options.now, options.timeZone ?? 'UTC');
  // No prototype: a config key such as `__proto__` stays an ordinary own entry.
  const values: Record<string, PromptValue> = Object.create(null);
  values['agent.name'] = agent.name;
  values['agent.description'] = agent.description;
  values['client.name'] = options.client.name;
  values['contact.name'] = contact?.name;
  values['contact.phone'] = contact?.phone;
  values['contact.external_id'] = contact?.external_id;
  values.current_date = `${when.year}-${when.month}-${when.day}`;
  values.current_time = `${when.hour}:${when.minute}`;
  values.channel = options.channel;
  for (const key of promptConfigKeys(agent.config))
    values[`config.${key}`] = agent.config[key] as PromptValue;
  return values;
}
