import type { RunEventDraft } from '@renum/contracts';
import type { ModelMessage } from 'ai';
import { buildPromptValues } from '../prompts/prompt-values.ts';
import { renderPrompt } from '../prompts/render-prompt.ts';
import { type ContextProvider, defaultContextProviders } from './context/index.ts';
import type { RunContext } from './run-context.ts';

/**
 * The prompt of a run: the answering agent's system prompt (its variables rendered), then what each
 * context provider contributes, in order (by default: what is remembered about the contact, the rolling
 * summary, the recent turns that fit the history budget), then the user's message.
 */
export async function buildPrompt(options: {
  context: RunContext;
  systemPrompt: string;
  now: Date;
  providers?: readonly ContextProvider[] | undefined;
  signal?: AbortSignal | undefined;
  /** The answering sub-agent, for providers that depend on it (knowledge bases). */
  subAgentId?: string | null | undefined;
  emit?: ((draft: RunEventDraft) => void) | undefined;
}): Promise<ModelMessage[]> {
  const { context, now } = options;
  const values = buildPromptValues({
    agent: context.agent,
    client: { name: context.clientName },
    contact: context.contact,
    channel: context.conversation.channel,
    now,
  });
  const system: string[] = [renderPrompt({ text: options.systemPrompt, values })];
  const messages: ModelMessage[] = [];
  for (const provider of options.providers ?? defaultContextProviders) {
    const contribution = await provider.provide({
      context,
      now,
      signal: options.signal,
      subAgentId: options.subAgentId,
      emit: options.emit,
    });
    system.push(...(contribution.system ?? []));
    messages.push(...(contribution.messages ?? []));
  }
  return [
    { role: 'system', content: system.join('\n\n') },
    ...messages,
    { role: 'user', content: context.userMessage.text ?? '' },
  ];
}
