import type { ContextProvider } from './context-provider.ts';

/** What is remembered about the contact (long-term memory, recalled when the run was created). */
export const memoryContext: ContextProvider = {
  name: 'memory',
  provide: ({ context }) =>
    context.facts.length === 0
      ? {}
      : {
          system: [
            `What you remember about this person:\n${context.facts.map((fact) => `- ${fact.content}`).join('\n')}`,
          ],
        },
};
