import type { ModelMessage } from 'ai';
import { buildPromptValues } from '../prompts/prompt-values.ts';
import { renderPrompt } from '../prompts/render-prompt.ts';
import type { RunContext } from './run-context.ts';

/**
 * The prompt of a run: the answering agent's system prompt, what it remembers about the contact,
 * the conversation's rolling summary, the recent turns that fit the history budget, then the
 * user's message. Everything comes from the run's context, loaded when the run was created.
 */
export function buildPrompt(options: {
  context: RunContext;
  systemPrompt: string;
  now: Date;
}): ModelMessage[] {
  const { context } = options;
  const values = buildPromptValues({
    agent: context.agent,
    client: { name: context.clientName },
    contact: context.contact,
    channel: context.conversation.channel,
    now: options.now,
  });
  const system: string[] = [renderPrompt({ text: options.systemPrompt, values })];
  if (context.facts.length > 0) {
    system.push(
      `What you remember about this person:\n${context.facts.map((fact) => `- ${fact.content}`).join('\n')}`,
    );
  }
  if (context.conversation.summary)
    system.push(`Summary of the earlier conversation:\n${context.conversation.summary}`);
  const history: ModelMessage[] = context.history.included.map((turn) => ({
    role: turn.role,
    content: turn.text,
  }));
  return [
    { role: 'system', content: system.join('\n\n') },
    ...history,
    { role: 'user', content: context.userMessage.text ?? '' },
  ];
}
