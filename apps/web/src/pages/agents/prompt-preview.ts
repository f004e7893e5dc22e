import { builtInPromptVariables } from '@renum/contracts';

/** Sample values the editor's preview fills the prompt with (the real ones come at run time). */
export const samplePromptValues: Readonly<Record<string, string>> = {
  'agent.name': '',
  'agent.description': '',
  'client.name': 'Acme',
  'contact.name': 'Maria Silva',
  'contact.phone': '+55 11 91234-5678',
  'contact.external_id': 'crm-42',
  current_date: '2026-01-15',
  current_time: '14:30',
  channel: 'web',
};

/** The variables the picker offers: the platform's built-ins (the same list the server checks). */
export const pickerVariables = builtInPromptVariables.map((variable) => variable.name);

/**
 * Renders `{{variable}}` placeholders the way the server does (trimmed names, one pass, missing means
 * empty), with the agent's own name and description and sample values for the rest.
 */
export function renderPromptPreview(text: string, agent: { name: string; description: string }): string {
  const values: Record<string, string> = {
    ...samplePromptValues,
    'agent.name': agent.name,
    'agent.description': agent.description,
  };
  return text.replace(/\{\{([^{}]*)\}\}/g, (_match, inner: string) => {
    const name = inner.trim();
    return Object.hasOwn(values, name) ? (values[name] ?? '') : '';
  });
}

/** Names used in `text` that the platform does not know (the server would refuse them). */
export function unknownPromptVariables(text: string): string[] {
  const known = new Set<string>(pickerVariables);
  const unknown = new Set<string>();
  for (const match of text.matchAll(/\{\{([^{}]*)\}\}/g)) {
    const name = (match[1] ?? '').trim();
    if (!known.has(name) && !name.startsWith('config.')) unknown.add(name);
  }
  return [...unknown];
}
