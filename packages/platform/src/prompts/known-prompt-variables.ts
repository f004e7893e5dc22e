import { builtInPromptVariables } from '@renum/contracts';

/** A key usable as `config.<key>`: letters (any script), digits, `_` and `-`. */
const configKeyPattern = /^[\p{L}\p{N}_-]+$/u;

const builtInNames: ReadonlySet<string> = new Set(builtInPromptVariables.map((variable) => variable.name));

/** What a config value must be to fill a prompt: text, a finite number or a boolean. */
export function isPromptConfigValue(value: unknown): value is string | number | boolean {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/** The keys of `agentConfig` that prompts may use as `config.<key>`, sorted. */
export function promptConfigKeys(
  agentConfig: Readonly<Record<string, unknown>> | null | undefined,
): string[] {
  if (!agentConfig) return [];
  return Object.keys(agentConfig)
    .filter((key) => configKeyPattern.test(key) && isPromptConfigValue(agentConfig[key]))
    .sort();
}

/**
 * The variables an agent's (or sub-agent's) system prompt may use, built-ins first, then one
 * `config.<key>` per top-level string, number or boolean of the agent's `config` (sorted):
 *
 * - `agent.name`, `agent.description`: the agent's own fields.
 * - `client.name`: the company the agent works for.
 * - `contact.name`, `contact.phone`, `contact.external_id`: the person the conversation is with.
 * - `current_date` (YYYY-MM-DD), `current_time` (HH:MM): now, in the conversation's time zone.
 * - `channel`: whatsapp, web, sms, email or api.
 * - `config.<key>`: e.g. `config.tone` for `{ "tone": "friendly" }`.
 *
 * This is the list the web builder's variable picker shows (descriptions in `builtInPromptVariables`).
 */
export function knownPromptVariables(options: {
  agentConfig: Readonly<Record<string, unknown>> | null | undefined;
}): string[] {
  return [...builtInNames, ...promptConfigKeys(options.agentConfig).map((key) => `config.${key}`)];
}

/**
 * True for a name a reusable template may use: a built-in, or `config.<key>` for any well-formed key
 * (a template serves many agents, so which config keys exist is only known when it is rendered).
 */
export function isTemplateVariable(name: string): boolean {
  if (builtInNames.has(name)) return true;
  return name.startsWith('config.') && configKeyPattern.test(name.slice('config.'.length));
}

/** The known set of a template, as shown in errors: the built-ins and the `config.<key>` pattern. */
export function templateVariableNames(): string[] {
  return [...builtInNames, 'config.<key>'];
}
