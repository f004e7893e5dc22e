import { describe, expect, it } from 'vitest';
import { buildPrompt } from '../src/runs/build-prompt.ts';
import type { ContextProvider } from '../src/runs/context/index.ts';
import type { RunContext } from '../src/runs/run-context.ts';

/** The parts of a run's context the prompt reads. */
function context(overrides: { summary?: string | null; facts?: string[] } = {}): RunContext {
  return {
    agent: { name: 'Ana', description: null, config: {} },
    clientName: 'Acme',
    contact: null,
    conversation: { channel: 'web', summary: overrides.summary ?? null },
    facts: (overrides.facts ?? []).map((content) => ({ content })),
    history: {
      included: [
        { role: 'user', text: 'Oi' },
        { role: 'assistant', text: 'Olá!' },
      ],
      overflow: [],
    },
    userMessage: { text: 'Quanto custa?' },
  } as unknown as RunContext;
}

describe('a run prompt composed from context providers', () => {
  it('puts the system prompt, memory and summary first, then history, then the message', async () => {
    const prompt = await buildPrompt({
      context: context({ summary: 'Falaram de preços.', facts: ['Prefere e-mail'] }),
      systemPrompt: 'Você é {{agent.name}} da {{client.name}}.',
      now: new Date('2026-12-05T10:00:00Z'),
    });
    expect(prompt).toEqual([
      {
        role: 'system',
        content:
          'Você é Ana da Acme.\n\nWhat you remember about this person:\n- Prefere e-mail\n\nSummary of the earlier conversation:\nFalaram de preços.',
      },
      { role: 'user', content: 'Oi' },
      { role: 'assistant', content: 'Olá!' },
      { role: 'user', content: 'Quanto custa?' },
    ]);
  });

  it('takes another provider (a knowledge base, say) in its place in the list, awaited', async () => {
    const knowledge: ContextProvider = {
      name: 'knowledge',
      provide: async ({ context: run }) => ({
        system: [`Sources for "${run.userMessage.text}": [1] Tabela de preços`],
      }),
    };
    const prompt = await buildPrompt({
      context: context(),
      systemPrompt: 'Sistema',
      now: new Date(),
      providers: [knowledge],
    });
    expect(prompt).toEqual([
      { role: 'system', content: 'Sistema\n\nSources for "Quanto custa?": [1] Tabela de preços' },
      { role: 'user', content: 'Quanto custa?' },
    ]);
  });
});
