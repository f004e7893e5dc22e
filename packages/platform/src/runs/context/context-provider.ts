import type { RunEventDraft } from '@renum/contracts';
import type { ModelMessage } from 'ai';
import type { RunContext } from '../run-context.ts';

/** What a context provider adds to a run's prompt. */
export interface ContextContribution {
  /** Sections appended to the system message, after the agent's own prompt, in provider order. */
  system?: string[];
  /** Messages placed before the user's message (conversation turns), in provider order. */
  messages?: ModelMessage[];
}

/**
 * One source of prompt context (issue 9): history, the rolling summary, long-term memory, and next the
 * knowledge bases. Each is a small module; a run's prompt is the agent's system prompt plus what each
 * provider of its list contributes, in order. A provider reads only the run's context (loaded with the
 * run) or, when it must query (retrieval), does so in the run's client scope.
 */
export interface ContextProvider {
  readonly name: string;
  provide(input: {
    context: RunContext;
    now: Date;
    signal?: AbortSignal | undefined;
    /** The sub-agent answering (routing chose it), or null for the agent itself. */
    subAgentId?: string | null | undefined;
    /** Adds an event to the run's stream (the knowledge provider's `retrieval`). */
    emit?: ((draft: RunEventDraft) => void) | undefined;
  }): ContextContribution | Promise<ContextContribution>;
}
