import type { ContextProvider } from './context-provider.ts';
import { historyContext } from './history-context.ts';
import { memoryContext } from './memory-context.ts';
import { summaryContext } from './summary-context.ts';

export type { ContextContribution, ContextProvider } from './context-provider.ts';
export { historyContext, memoryContext, summaryContext };

/** The providers every chat run composes, in prompt order. */
export const defaultContextProviders: readonly ContextProvider[] = [
  memoryContext,
  summaryContext,
  historyContext,
];
