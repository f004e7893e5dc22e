import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import type { ResolvedModel } from '../registry/create-model-registry.ts';
import { type CallMetadata, withCallMetadata } from './call-metadata.ts';
import type { CallPolicySettings } from './call-policy-settings.ts';
import { type CallObserver, executeWithPolicy, type PolicyOutcome } from './execute-with-policy.ts';
import { ModelCallTimeoutError } from './model-call-timeout-error.ts';

/** Options of {@link createPolicyLanguageModel}. */
export interface PolicyLanguageModelOptions extends CallObserver {
  readonly settings: CallPolicySettings;
  /** The model, then its fallbacks in order; must not be empty. */
  readonly candidates: readonly ResolvedModel[];
}

/** Parts that carry no output: held back until the first real one, so a failure before it can be retried. */
const PREAMBLE_PARTS = new Set<LanguageModelV4StreamPart['type']>([
  'stream-start',
  'response-metadata',
  'ping',
  'raw',
]);

interface OpenedStream {
  readonly result: LanguageModelV4StreamResult;
  readonly reader: ReadableStreamDefaultReader<LanguageModelV4StreamPart>;
  readonly held: LanguageModelV4StreamPart[];
}

/**
 * Cancels a provider's stream that is given up (aborted, timed out, failed). The call's outcome is already
 * decided, so a failing cancel changes nothing for the run; it is reported as a process warning (with its
 * cause) so a provider whose streams cannot be released is still seen.
 */
function cancelReader(reader: ReadableStreamDefaultReader<unknown>, reason: unknown): Promise<void> {
  return reader
    .cancel(reason)
    .catch((error: unknown) =>
      process.emitWarning(
        `model stream could not be cancelled: ${error instanceof Error ? error.message : String(error)}`,
        'RenumModelWarning',
      ),
    );
}

/** Opens a stream and reads up to its first output part; an error before it fails the attempt. */
async function openStream(
  model: LanguageModelV4,
  options: LanguageModelV4CallOptions,
): Promise<OpenedStream> {
  const result = await model.doStream(options);
  const reader = result.stream.getReader();
  const cancel = () => cancelReader(reader, options.abortSignal?.reason);
  options.abortSignal?.addEventListener('abort', cancel, { once: true });
  const held: LanguageModelV4StreamPart[] = [];
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      if (next.value.type === 'error') throw next.value.error;
      held.push(next.value);
      if (!PREAMBLE_PARTS.has(next.value.type)) break;
    }
  } catch (error) {
    cancel();
    throw error;
  } finally {
    options.abortSignal?.removeEventListener('abort', cancel);
  }
  return { result, reader, held };
}

function metadataOf(outcome: PolicyOutcome<ResolvedModel, unknown>): CallMetadata {
  const { candidate } = outcome;
  return {
    modelId: candidate.modelId,
    provider: candidate.provider,
    modelName: candidate.modelName,
    apiKeyType: candidate.apiKeyType,
    attempts: outcome.attempts,
  };
}

/** Pipes the rest of an opened stream, failing it with a timeout after `idleTimeoutMs` of silence. */
function continueStream(options: {
  opened: OpenedStream;
  outcome: PolicyOutcome<ResolvedModel, OpenedStream>;
  idleTimeoutMs: number;
}): ReadableStream<LanguageModelV4StreamPart> {
  const { opened, outcome, idleTimeoutMs } = options;
  const { reader, held } = opened;
  const metadata = metadataOf(outcome);
  const decorate = (part: LanguageModelV4StreamPart): LanguageModelV4StreamPart =>
    part.type === 'finish'
      ? { ...part, providerMetadata: withCallMetadata(part.providerMetadata, metadata) }
      : part;
  // One timer for the whole stream, pushed back as each read starts (`refresh`), instead of a timer and a
  // race per part; it only fails a read still pending, as a consumer that reads slowly is not the model.
  let reading = false;
  let idleError: ModelCallTimeoutError | undefined;
  const idle =
    idleTimeoutMs > 0
      ? setTimeout(() => {
          if (!reading) return;
          idleError = new ModelCallTimeoutError({
            modelId: metadata.modelId,
            timeoutMs: idleTimeoutMs,
            phase: 'idle',
          });
          outcome.abort(idleError);
          // The pending read then ends as a normal end of stream: `pull` fails the stream with `idleError`.
          void cancelReader(reader, idleError);
        }, idleTimeoutMs)
      : undefined;
  return new ReadableStream<LanguageModelV4StreamPart>({
    async pull(controller) {
      const heldPart = held.shift();
      if (heldPart) {
        controller.enqueue(decorate(heldPart));
        return;
      }
      try {
        reading = true;
        idle?.refresh();
        const next = await reader.read();
        reading = false;
        if (idleError) throw idleError;
        if (next.done) {
          clearTimeout(idle);
          controller.close();
        } else controller.enqueue(decorate(next.value));
      } catch (error) {
        clearTimeout(idle);
        controller.error(outcome.signal.aborted ? outcome.signal.reason : error);
      }
    },
    async cancel(reason) {
      clearTimeout(idle);
      outcome.abort(reason);
      await cancelReader(reader, reason);
    },
  });
}

/**
 * Wraps a model and its fallbacks into one AI SDK language model that applies the call policy to every
 * call (`doGenerate` and `doStream`): first-output timeout, retries, `Retry-After`, fallbacks, then an
 * idle timeout while streaming. Once a stream has produced output it is never retried (the output may
 * already be on someone's screen). The `finish` part's provider metadata says which model answered
 * (see `readCallMetadata`). Use it with the AI SDK's own retries off (`maxRetries: 0`).
 */
export function createPolicyLanguageModel(options: PolicyLanguageModelOptions): LanguageModelV4 {
  const primary = options.candidates[0];
  if (!primary) throw new RangeError('createPolicyLanguageModel needs at least one candidate');
  const { settings, onAttempt, onEvent } = options;
  const observer = { onAttempt, onEvent };
  return {
    specificationVersion: 'v4',
    provider: primary.model.provider,
    modelId: primary.model.modelId,
    supportedUrls: primary.model.supportedUrls,
    async doGenerate(callOptions) {
      const outcome = await executeWithPolicy({
        ...observer,
        settings,
        candidates: options.candidates,
        signal: callOptions.abortSignal,
        call: ({ candidate, signal }) =>
          Promise.resolve(candidate.model.doGenerate({ ...callOptions, abortSignal: signal })),
      });
      const result = outcome.value;
      return { ...result, providerMetadata: withCallMetadata(result.providerMetadata, metadataOf(outcome)) };
    },
    async doStream(callOptions) {
      const outcome = await executeWithPolicy({
        ...observer,
        settings,
        candidates: options.candidates,
        signal: callOptions.abortSignal,
        call: ({ candidate, signal }) => openStream(candidate.model, { ...callOptions, abortSignal: signal }),
      });
      const opened = outcome.value;
      return {
        ...opened.result,
        stream: continueStream({ opened, outcome, idleTimeoutMs: settings.idleTimeoutMs }),
      };
    },
  };
}
