import { clients, contacts, messages, type Transaction } from '@renum/db';
import type { ModelMessage } from 'ai';
import { and, desc, eq, lt } from 'drizzle-orm';
import { recallFacts } from '../memory/recall-facts.ts';
import { buildPromptValues } from '../prompts/prompt-values.ts';
import { renderPrompt } from '../prompts/render-prompt.ts';
import type { RunContext } from './run-context.ts';

/** Rough token estimate (4 characters a token) used only to fit history into its budget. */
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * The prompt of a run: the answering agent's system prompt, what it remembers about the contact,
 * the conversation's rolling summary, as many recent turns as fit `historyTokenBudget`, then the
 * user's message.
 */
export async function buildPrompt(
  tx: Transaction,
  options: { context: RunContext; systemPrompt: string; historyTokenBudget: number; now: Date },
): Promise<ModelMessage[]> {
  const { context } = options;
  const [client] = await tx
    .select({ name: clients.name })
    .from(clients)
    .where(eq(clients.id, context.run.client_id));
  const [contact] = context.conversation.contact_id
    ? await tx.select().from(contacts).where(eq(contacts.id, context.conversation.contact_id))
    : [];
  const values = buildPromptValues({
    agent: context.agent,
    client: { name: client?.name ?? '' },
    contact: contact ?? null,
    channel: context.conversation.channel,
    now: options.now,
  });
  const system: string[] = [renderPrompt({ text: options.systemPrompt, values })];
  if (context.conversation.contact_id) {
    const facts = await recallFacts(tx, {
      agentId: context.agent.id,
      contactId: context.conversation.contact_id,
      query: context.userMessage.text,
      limit: 8,
    });
    if (facts.length > 0) {
      system.push(
        `What you remember about this person:\n${facts.map((fact) => `- ${fact.content}`).join('\n')}`,
      );
    }
  }
  if (context.conversation.summary)
    system.push(`Summary of the earlier conversation:\n${context.conversation.summary}`);
  const earlier = await tx
    .select({ role: messages.role, text: messages.text })
    .from(messages)
    .where(
      and(eq(messages.conversation_id, context.conversation.id), lt(messages.id, context.userMessage.id)),
    )
    .orderBy(desc(messages.id))
    .limit(100);
  const history: ModelMessage[] = [];
  let budget = options.historyTokenBudget;
  for (const message of earlier) {
    if (message.role !== 'user' && message.role !== 'assistant') continue;
    if (!message.text) continue;
    budget -= estimateTokens(message.text);
    if (budget < 0) break;
    history.unshift({ role: message.role, content: message.text });
  }
  return [
    { role: 'system', content: system.join('\n\n') },
    ...history,
    { role: 'user', content: context.userMessage.text },
  ];
}
