import type { LanguageModelV4 } from '@ai-sdk/provider';
import type { ResolvedModel } from '../registry/create-model-registry.ts';
import {
  type CallPolicyOptions,
  type CallPolicySettings,
  resolveCallPolicySettings,
} from './call-policy-settings.ts';
import {
  type CallObserver,
  type ExecuteWithPolicyOptions,
  executeWithPolicy,
  type PolicyOutcome,
} from './execute-with-policy.ts';
import { createPolicyLanguageModel } from './policy-language-model.ts';

/** Timeouts, retries and fallbacks for model calls (seed 004 #3), configured once and applied per call. */
export interface CallPolicy {
  /** The options with every default applied. */
  readonly settings: CallPolicySettings;
  /**
   * One AI SDK model that runs every call on `candidates[0]` under the policy, falling back to the next
   * candidates in order. Pass it to `streamText` / `generateText` with `maxRetries: 0`.
   */
  wrap(options: { candidates: readonly ResolvedModel[] } & CallObserver): LanguageModelV4;
  /** Runs any call under the policy (see {@link executeWithPolicy}). */
  execute<CANDIDATE extends { readonly modelId: string }, VALUE>(
    options: Omit<ExecuteWithPolicyOptions<CANDIDATE, VALUE>, 'settings'>,
  ): Promise<PolicyOutcome<CANDIDATE, VALUE>>;
}

/**
 * Creates a call policy. The AI SDK retries on its own by default (`maxRetries: 2`, exponential backoff);
 * callers of a wrapped model must pass `maxRetries: 0` so this policy alone decides, which is what makes
 * each attempt visible in the run's events and lets a retry move to a fallback model.
 */
export function createCallPolicy(options: CallPolicyOptions = {}): CallPolicy {
  const settings = resolveCallPolicySettings(options);
  return {
    settings,
    wrap: (wrapOptions) => createPolicyLanguageModel({ ...wrapOptions, settings }),
    execute: (executeOptions) => executeWithPolicy({ ...executeOptions, settings }),
  };
}
