import type { ContextProvider } from './context-provider.ts';

/** The recent turns of the conversation that fit the history budget, oldest first. */
export const historyContext: ContextProvider = {
  name: 'history',
  provide: ({ context }) => ({
    messages: context.history.included.map((turn) => ({ role: turn.role, content: turn.text })),
  }),
};
