import { conversations, withClient } from '@renum/db';
import { type ClientKeySource, type ModelRegistry, summarizeConversation } from '@renum/runtime';
import { eq } from 'drizzle-orm';
import { reportFailure } from '../logger.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { ExtraModelCall } from './extra-model-call.ts';
import type { RunContext } from './run-context.ts';

/**
 * Keeps long conversations within the model's window: turns that no longer fit the history
 * budget are folded, with the previous summary, into a new rolling summary written by the
 * answering model and stored on the conversation. Returns the model call for the ledger, if any.
 * A failed summary is not fatal: the prompt then simply carries fewer turns.
 */
export async function refreshRollingSummary(options: {
  deps: PlatformDeps;
  models: ModelRegistry;
  context: RunContext;
  modelId: string;
  /** The client's own key for the model's provider (it pays for the summary too), or null. */
  clientKey?: ClientKeySource | null | undefined;
  signal?: AbortSignal | undefined;
}): Promise<ExtraModelCall | null> {
  const { deps, context } = options;
  const clientId = context.run.client_id;
  const { overflow } = context.history;
  const last = overflow.at(-1);
  if (!last) return null;
  const started = performance.now();
  try {
    const resolved = options.models.resolve(
      options.modelId,
      options.clientKey ? { clientKey: options.clientKey } : {},
    );
    const timeout = AbortSignal.timeout(30_000);
    const result = await summarizeConversation({
      model: resolved.model,
      previousSummary: context.conversation.summary,
      turns: overflow,
      abortSignal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
    });
    if (!result.summary) return null;
    await withClient(deps.db, clientId, (tx) =>
      tx
        .update(conversations)
        .set({ summary: result.summary, summary_through_message_id: last.id })
        .where(eq(conversations.id, context.conversation.id)),
    );
    context.conversation.summary = result.summary;
    context.conversation.summary_through_message_id = last.id;
    return {
      provider: resolved.provider,
      modelName: resolved.modelName,
      apiKeyType: resolved.apiKeyType,
      inputTokens: result.inputTokens,
      outputTokens: result.outputTokens,
      latencyMs: performance.now() - started,
      purpose: 'summary',
    };
  } catch (error) {
    // Not fatal (the prompt then carries fewer turns), but never silent.
    reportFailure(deps, 'run.summary', error, { run_id: context.run.id });
    return null;
  }
}
