import type { ContextProvider } from './context-provider.ts';

/** The conversation's rolling summary of the turns that no longer fit the history budget. */
export const summaryContext: ContextProvider = {
  name: 'summary',
  provide: ({ context }) =>
    context.conversation.summary
      ? { system: [`Summary of the earlier conversation:\n${context.conversation.summary}`] }
      : {},
};
