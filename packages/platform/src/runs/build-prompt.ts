import { clients, contacts, type Transaction } from '@renum/db';
import type { ModelMessage } from 'ai';
import { eq } from 'drizzle-orm';
import { recallFacts } from '../memory/recall-facts.ts';
import { buildPromptValues } from '../prompts/prompt-values.ts';
import { renderPrompt } from '../prompts/render-prompt.ts';
import { selectHistory } from './history.ts';
import type { RunContext } from './run-context.ts';

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
  const { included } = await selectHistory(tx, {
    conversationId: context.conversation.id,
    beforeMessageId: context.userMessage.id,
    summarizedThrough: context.conversation.summary_through_message_id,
    budget: options.historyTokenBudget,
  });
  const history: ModelMessage[] = included.map((turn) => ({ role: turn.role, content: turn.text }));
  return [
    { role: 'system', content: system.join('\n\n') },
    ...history,
    { role: 'user', content: context.userMessage.text },
  ];
}
