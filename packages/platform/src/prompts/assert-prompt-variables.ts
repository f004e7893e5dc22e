import { AppError } from '@renum/contracts';
import { isTemplateVariable, knownPromptVariables, templateVariableNames } from './known-prompt-variables.ts';
import { findUnknownVariables } from './prompt-variables.ts';

function unknownVariableError(options: { variable: string; field: string; known: string[] }): AppError {
  return new AppError('VALIDATION_ERROR', `Unknown prompt variable {{${options.variable}}}`, {
    context: { field: options.field, variable: options.variable, known: options.known },
  });
}

/**
 * Checks, when a system prompt is saved, that every `{{variable}}` of `text` is one the agent can
 * fill (see `knownPromptVariables`); otherwise throws `400 VALIDATION_ERROR` naming the first
 * unknown one, with `field`, `variable` and the `known` list as context.
 */
export function assertPromptVariables(options: {
  text: string;
  agentConfig: Readonly<Record<string, unknown>> | null | undefined;
  /** Wire name of the field holding `text`, e.g. `system_prompt`. */
  field: string;
}): void {
  const known = knownPromptVariables({ agentConfig: options.agentConfig });
  const [variable] = findUnknownVariables({ text: options.text, known });
  if (variable !== undefined) throw unknownVariableError({ variable, field: options.field, known });
}

/**
 * Checks a reusable template's text: built-ins and any `config.<key>` are accepted, since the agents
 * it will serve are not known yet. Throws like {@link assertPromptVariables}.
 */
export function assertTemplateVariables(options: { text: string; field: string }): void {
  const [variable] = findUnknownVariables({ text: options.text, known: isTemplateVariable });
  if (variable !== undefined) {
    throw unknownVariableError({ variable, field: options.field, known: templateVariableNames() });
  }
}
