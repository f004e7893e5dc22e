import type { RunEventDraft } from '@renum/contracts';
import { runNote } from '@renum/contracts';
import { type CallPolicySettings, retryDelayMs } from './call-policy-settings.ts';
import { classifyModelError } from './classify-model-error.ts';
import { ModelCallTimeoutError } from './model-call-timeout-error.ts';

/** One finished attempt of a model call, as reported to `onAttempt`. */
export interface CallAttempt {
  /** 1-based number of the attempt within the call, across models. */
  readonly attempt: number;
  /** Model id tried. */
  readonly modelId: string;
  /** Position of that model in the candidate list (0 = the agent's own model). */
  readonly candidateIndex: number;
  readonly outcome: 'succeeded' | 'failed';
  readonly durationMs: number;
  /** Why it failed. */
  readonly reason?: string;
  readonly retryable?: boolean;
  readonly error?: unknown;
}

/** Callbacks through which a call's attempts become visible. */
export interface CallObserver {
  /** Called when each attempt ends. */
  readonly onAttempt?: ((attempt: CallAttempt) => void) | undefined;
  /** Receives a `status: retrying` draft before each retry or fallback, for the run's events. */
  readonly onEvent?: ((draft: RunEventDraft) => void) | undefined;
}

/** Options of {@link executeWithPolicy}. */
export interface ExecuteWithPolicyOptions<CANDIDATE extends { readonly modelId: string }, VALUE>
  extends CallObserver {
  readonly settings: CallPolicySettings;
  /** The model, then its fallbacks in order; must not be empty. */
  readonly candidates: readonly CANDIDATE[];
  /** The caller's signal: once aborted, nothing is retried. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Makes one attempt. Must honour `signal`, which aborts on the caller's abort and on timeout. The attempt
   * ends (and the first-output timeout stops) when the returned promise settles.
   */
  readonly call: (input: { candidate: CANDIDATE; signal: AbortSignal; attempt: number }) => Promise<VALUE>;
}

/** The successful attempt. */
export interface PolicyOutcome<CANDIDATE, VALUE> {
  readonly value: VALUE;
  readonly candidate: CANDIDATE;
  /** Attempts made in total, the successful one included. */
  readonly attempts: number;
  /** Aborts the successful attempt's signal, e.g. on a mid-stream idle timeout. */
  readonly abort: (reason: unknown) => void;
  /** The successful attempt's signal, still linked to the caller's. */
  readonly signal: AbortSignal;
}

const abortedMark: unique symbol = Symbol('aborted');

/**
 * Resolves (never rejects) with {@link abortedMark} once `signal` aborts, so it can race a call without
 * leaving a rejection nobody awaits when the call wins; the racer throws the signal's reason itself.
 */
function whenAborted(signal: AbortSignal): { promise: Promise<typeof abortedMark>; dispose: () => void } {
  let dispose = () => {};
  const promise = new Promise<typeof abortedMark>((resolve) => {
    if (signal.aborted) return resolve(abortedMark);
    const onAbort = () => resolve(abortedMark);
    signal.addEventListener('abort', onAbort, { once: true });
    dispose = () => signal.removeEventListener('abort', onAbort);
  });
  return { promise, dispose };
}

function retryingDraft(options: {
  attempt: number;
  modelId: string;
  reason: string;
  delayMs: number;
  fallback: boolean;
}): RunEventDraft {
  const wait = options.delayMs > 0 ? ` in ${options.delayMs} ms` : '';
  const action = options.fallback ? `Falling back to ${options.modelId}` : `Retrying ${options.modelId}`;
  return {
    type: 'status',
    status: 'retrying',
    attempt: options.attempt,
    model: options.modelId,
    reason: options.reason,
    content: `${action} (attempt ${options.attempt})${wait} after: ${options.reason}`,
    ...runNote(options.fallback ? 'run.falling_back' : 'run.retrying', {
      model: options.modelId,
      attempt: options.attempt,
      ms: options.delayMs,
      reason: options.reason,
    }),
  };
}

/**
 * Runs a model call under the policy: each attempt gets `timeoutMs` to produce its first output; a
 * retryable failure is retried on the same model up to `maxRetries` times, waiting what the provider asked
 * (capped) or an exponential backoff; then the next candidate is tried, whatever the failure was, since
 * another provider or model may not share it. A caller abort ends everything at once. Throws the last
 * failure when every candidate failed.
 */
export async function executeWithPolicy<CANDIDATE extends { readonly modelId: string }, VALUE>(
  options: ExecuteWithPolicyOptions<CANDIDATE, VALUE>,
): Promise<PolicyOutcome<CANDIDATE, VALUE>> {
  const { settings, candidates, signal } = options;
  if (candidates.length === 0) throw new RangeError('executeWithPolicy needs at least one candidate');
  let attempt = 0;
  let lastError: unknown;
  for (const [candidateIndex, candidate] of candidates.entries()) {
    for (let retry = 0; retry <= settings.maxRetries; retry += 1) {
      signal?.throwIfAborted();
      attempt += 1;
      const controller = new AbortController();
      const forward = () => controller.abort(signal?.reason);
      signal?.addEventListener('abort', forward, { once: true });
      const timer =
        settings.timeoutMs > 0
          ? setTimeout(() => {
              const timeout = new ModelCallTimeoutError({
                modelId: candidate.modelId,
                timeoutMs: settings.timeoutMs,
                phase: 'first-output',
              });
              controller.abort(timeout);
            }, settings.timeoutMs)
          : undefined;
      const aborted = whenAborted(controller.signal);
      const started = settings.now();
      try {
        const value = await Promise.race([
          options.call({ candidate, signal: controller.signal, attempt }),
          aborted.promise,
        ]);
        if (value === abortedMark) throw controller.signal.reason;
        options.onAttempt?.({
          attempt,
          modelId: candidate.modelId,
          candidateIndex,
          outcome: 'succeeded',
          durationMs: settings.now() - started,
        });
        return {
          value,
          candidate,
          attempts: attempt,
          abort: (reason) => controller.abort(reason),
          signal: controller.signal,
        };
      } catch (error) {
        signal?.removeEventListener('abort', forward);
        if (signal?.aborted) throw signal.reason;
        const failure = controller.signal.aborted ? controller.signal.reason : error;
        controller.abort(failure);
        const classification = classifyModelError({ error: failure, now: settings.now });
        options.onAttempt?.({
          attempt,
          modelId: candidate.modelId,
          candidateIndex,
          outcome: 'failed',
          durationMs: settings.now() - started,
          reason: classification.reason,
          retryable: classification.retryable,
          error: failure,
        });
        lastError = failure;
        const retrySameModel = classification.retryable && retry < settings.maxRetries;
        const next = retrySameModel ? candidate : candidates[candidateIndex + 1];
        if (next === undefined) break;
        const delayMs = retrySameModel
          ? retryDelayMs({ settings, retry: retry + 1, retryAfterMs: classification.retryAfterMs })
          : 0;
        options.onEvent?.(
          retryingDraft({
            attempt: attempt + 1,
            modelId: next.modelId,
            reason: classification.reason,
            delayMs,
            fallback: !retrySameModel,
          }),
        );
        if (delayMs > 0) {
          await settings.sleep({ ms: delayMs, signal }).catch((sleepError: unknown) => {
            throw signal?.aborted ? signal.reason : sleepError;
          });
        }
        if (!retrySameModel) break;
      } finally {
        clearTimeout(timer);
        aborted.dispose();
      }
    }
  }
  throw lastError;
}
