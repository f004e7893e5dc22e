import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
  SharedV4Warning,
} from '@ai-sdk/provider';
import { generateId as randomId } from '@ai-sdk/provider-utils';
import { abortableDelay, abortReason } from './abortable-delay.ts';
import { type OfflineReply, type OfflineToolNames, planOfflineReply } from './plan-offline-reply.ts';
import { renderPromptForCounting } from './prompt-view.ts';
import { splitIntoChunks } from './split-into-chunks.ts';
import { loadTokenCounter, type OfflineTokenEncoding } from './token-counter.ts';
import { defaultOfflineToolNames, type OfflineToolIntent } from './tool-intents.ts';

/** The one model the offline provider serves. */
export type OfflineModelId = 'renum';

/** Settings of the offline model; every one is optional. */
export interface OfflineModelSettings {
  /**
   * Pause before each streamed text chunk, in milliseconds, to imitate a real model's pace.
   * @defaultValue 0
   */
  readonly chunkDelayMs?: number;
  /**
   * Words per streamed text chunk.
   * @defaultValue 3
   */
  readonly wordsPerChunk?: number;
  /**
   * Tokenizer encoding usage is counted with.
   * @defaultValue 'o200k_base'
   */
  readonly encoding?: OfflineTokenEncoding;
  /**
   * Tool names each recognised request may call, in order of preference (merged over the defaults).
   * @defaultValue defaultOfflineToolNames
   */
  readonly toolNames?: Partial<Record<OfflineToolIntent, readonly string[]>>;
  /**
   * The clock, for response timestamps.
   * @defaultValue () => new Date()
   */
  readonly now?: () => Date;
  /**
   * Generates response, text and tool-call ids.
   * @defaultValue generateId from `@ai-sdk/provider-utils`
   */
  readonly generateId?: () => string;
}

interface PreparedReply {
  readonly reply: OfflineReply;
  /** The text to send (possibly truncated to `maxOutputTokens`), or the tool input as JSON. */
  readonly output: string;
  readonly finishReason: LanguageModelV4FinishReason;
  readonly usage: LanguageModelV4Usage;
  readonly warnings: SharedV4Warning[];
  readonly response: { readonly id: string; readonly timestamp: Date; readonly modelId: string };
  readonly providerMetadata: { readonly offline: { readonly kind: string } };
}

function warningsFor(options: LanguageModelV4CallOptions): SharedV4Warning[] {
  return options.responseFormat?.type === 'json'
    ? [
        {
          type: 'unsupported',
          feature: 'responseFormat',
          details: 'The offline model answers in plain text only.',
        },
      ]
    : [];
}

/**
 * Renum's built-in deterministic language model, a real AI SDK `LanguageModelV4` (provider `offline`,
 * model `renum`) used when no provider is configured. It streams word-group chunks, counts usage with a
 * real tokenizer, summarises tool results, answers topic-analysis prompts, calls offered tools the user
 * clearly asks for, quotes retrieved context, and otherwise says it is the offline model. See
 * `OFFLINE_MODEL.md` for the exact rules.
 */
export class OfflineLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = 'offline';
  readonly modelId: OfflineModelId = 'renum';
  readonly supportedUrls: Record<string, RegExp[]> = {};
  readonly #chunkDelayMs: number;
  readonly #wordsPerChunk: number;
  readonly #encoding: OfflineTokenEncoding;
  readonly #toolNames: OfflineToolNames;
  readonly #now: () => Date;
  readonly #generateId: () => string;

  constructor(settings: OfflineModelSettings = {}) {
    this.#chunkDelayMs = Math.max(0, settings.chunkDelayMs ?? 0);
    this.#wordsPerChunk = Math.max(1, Math.floor(settings.wordsPerChunk ?? 3));
    this.#encoding = settings.encoding ?? 'o200k_base';
    this.#toolNames = { ...defaultOfflineToolNames, ...settings.toolNames };
    this.#now = settings.now ?? (() => new Date());
    this.#generateId = settings.generateId ?? randomId;
  }

  async #prepare(options: LanguageModelV4CallOptions): Promise<PreparedReply> {
    options.abortSignal?.throwIfAborted();
    const counter = await loadTokenCounter(this.#encoding);
    const reply = planOfflineReply(options, this.#toolNames);
    const inputTokens = counter.count(renderPromptForCounting(options));
    let output = reply.type === 'text' ? reply.text : JSON.stringify(reply.input);
    let finishReason: LanguageModelV4FinishReason = {
      unified: reply.type === 'text' ? 'stop' : 'tool-calls',
      raw: reply.type === 'text' ? 'stop' : 'tool_calls',
    };
    const limit = options.maxOutputTokens;
    if (reply.type === 'text' && limit !== undefined && counter.count(output) > limit) {
      output = counter.truncate(output, limit);
      finishReason = { unified: 'length', raw: 'length' };
    }
    const outputTokens = counter.count(reply.type === 'text' ? output : `${reply.toolName}${output}`);
    return {
      reply,
      output,
      finishReason,
      usage: {
        inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: outputTokens, text: reply.type === 'text' ? outputTokens : 0, reasoning: 0 },
        raw: { prompt_tokens: inputTokens, completion_tokens: outputTokens, encoding: this.#encoding },
      },
      warnings: warningsFor(options),
      response: { id: `offline-${this.#generateId()}`, timestamp: this.#now(), modelId: this.modelId },
      providerMetadata: { offline: { kind: reply.kind } },
    };
  }

  /** Answers in one piece; see the class description for what it answers. */
  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const prepared = await this.#prepare(options);
    const { reply, output } = prepared;
    const content: LanguageModelV4Content[] =
      reply.type === 'text'
        ? [{ type: 'text', text: output }]
        : [
            {
              type: 'tool-call',
              toolCallId: `call-${this.#generateId()}`,
              toolName: reply.toolName,
              input: output,
            },
          ];
    return {
      content,
      finishReason: prepared.finishReason,
      usage: prepared.usage,
      warnings: prepared.warnings,
      response: prepared.response,
      providerMetadata: prepared.providerMetadata,
    };
  }

  /**
   * Streams the same answer as {@link OfflineLanguageModel.doGenerate}: text as `text-start`, one
   * `text-delta` per word group (after `chunkDelayMs` each), `text-end`; a tool call as its input parts
   * then `tool-call`; then `finish` with usage. Parts are produced as they are read; an abort errors the
   * stream with the signal's reason at once.
   */
  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const prepared = await this.#prepare(options);
    const parts = this.#streamParts(prepared);
    const signal = options.abortSignal;
    const delay = this.#chunkDelayMs;
    // Ends a pending delay when the reader cancels, not only when the caller aborts.
    const cancellation = new AbortController();
    const delaySignal =
      signal === undefined ? cancellation.signal : AbortSignal.any([signal, cancellation.signal]);
    let finished = false;
    let onAbort: (() => void) | undefined;
    const stop = () => {
      finished = true;
      if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
      cancellation.abort();
    };
    const stream = new ReadableStream<LanguageModelV4StreamPart>(
      {
        start(controller) {
          onAbort = () => {
            if (finished) return;
            stop();
            controller.error(abortReason(signal as AbortSignal));
          };
          signal?.addEventListener('abort', onAbort, { once: true });
        },
        async pull(controller) {
          const next = parts.next();
          if (next.done) {
            stop();
            controller.close();
            return;
          }
          if (next.value.type === 'text-delta' && delay > 0) {
            // An abort ends the wait early (the abort handler closes the stream); anything else is a failure.
            await abortableDelay(delay, delaySignal).catch((error: unknown) => {
              if (!delaySignal?.aborted) throw error;
            });
          }
          if (!finished) controller.enqueue(next.value);
        },
        cancel() {
          stop();
        },
      },
      { highWaterMark: 0 },
    );
    return { stream };
  }

  *#streamParts(prepared: PreparedReply): Generator<LanguageModelV4StreamPart> {
    const { reply, output } = prepared;
    yield { type: 'stream-start', warnings: prepared.warnings };
    yield { type: 'response-metadata', ...prepared.response };
    if (reply.type === 'text') {
      const id = `text-${this.#generateId()}`;
      yield { type: 'text-start', id };
      for (const delta of splitIntoChunks(output, this.#wordsPerChunk))
        yield { type: 'text-delta', id, delta };
      yield { type: 'text-end', id };
    } else {
      const id = `call-${this.#generateId()}`;
      yield { type: 'tool-input-start', id, toolName: reply.toolName };
      yield { type: 'tool-input-delta', id, delta: output };
      yield { type: 'tool-input-end', id };
      yield { type: 'tool-call', toolCallId: id, toolName: reply.toolName, input: output };
    }
    yield {
      type: 'finish',
      finishReason: prepared.finishReason,
      usage: prepared.usage,
      providerMetadata: prepared.providerMetadata,
    };
  }
}
