import { type Chunking, estimateTokens } from './text.ts';
import type { BaseFakeOptions, RecordedRequest } from './types.ts';

/** A tool call the fake model makes. */
export interface LlmToolCall {
  /** Tool call id; default: a sequential id in the provider's format. */
  id?: string;
  /** Tool (function) name. */
  name: string;
  /** Arguments: an object (JSON-encoded for the wire) or an already encoded JSON string. */
  arguments: unknown;
}

/** One scripted model turn: text, tool calls, or both (text first). */
export interface LlmTurn {
  /** Assistant text. */
  text?: string;
  /** Tool calls made after the text. */
  toolCalls?: LlmToolCall[];
  /** Raw finish / stop reason override (e.g. `length`, `max_tokens`). */
  finishReason?: string;
  /** Usage override; default: estimated from the request and the output. */
  usage?: { inputTokens?: number; outputTokens?: number };
  /** Delay before the first byte of this turn (overrides the fake's `thinkTimeMs`). */
  thinkTimeMs?: number;
  /** Delay between stream events of this turn (overrides the fake's `chunkDelayMs`). */
  chunkDelayMs?: number;
  /**
   * Fail the turn: streaming responses emit the provider's in-stream error event after the text,
   * non-streaming responses answer 500 in the provider's error shape.
   */
  streamError?: { message: string; type?: string; code?: string };
}

/** What the fake understood of an LLM request; passed to {@link LlmResponder}. */
export interface LlmRequestInfo {
  /** Which wire API was called. */
  api: 'chat.completions' | 'responses' | 'anthropic.messages';
  /** Requested model id. */
  model: string;
  /** Whether a stream was requested. */
  stream: boolean;
  /** Text of the latest user message ('' if none). */
  lastUserText: string;
  /** Tool results sent after the latest assistant turn (empty if the conversation ends with a user message). */
  toolResults: { toolCallId: string; content: string }[];
  /** Names of the tools offered in the request. */
  toolNames: string[];
  /** The parsed request body. */
  body: Record<string, unknown>;
  /** The recorded request. */
  request: RecordedRequest;
}

/** Computes a turn for a request when no scripted turn is queued. */
export type LlmResponder = (info: LlmRequestInfo) => LlmTurn | Promise<LlmTurn>;

/** Options shared by the LLM fakes (OpenAI, Anthropic). */
export interface LlmFakeOptions extends BaseFakeOptions {
  /** Scripted turns, consumed one per model request before falling back to `respond`. */
  turns?: LlmTurn[];
  /** Default behaviour; default: {@link echoTurn}. */
  respond?: LlmResponder;
  /** Delay before the first byte of every answer (default 0). */
  thinkTimeMs?: number;
  /** Delay between stream events (default 0). */
  chunkDelayMs?: number;
  /** How text is cut into stream deltas (default `word`). */
  chunking?: Chunking;
  /** Characters per tool-arguments delta when streaming (default 12). */
  argumentsChunkSize?: number;
}

/** Methods the LLM fakes add to their handle. */
export interface LlmFakeControls {
  /** Queues scripted turns, consumed one per model request. */
  enqueueTurn(...turns: LlmTurn[]): void;
  /** Number of queued turns not consumed yet. */
  pendingTurns(): number;
}

/**
 * The default deterministic behaviour: answers `Tool results: <contents>` when the request ends with
 * tool results, otherwise `Echo: <last user text>`.
 */
export function echoTurn(info: LlmRequestInfo): LlmTurn {
  if (info.toolResults.length > 0) {
    return { text: `Tool results: ${info.toolResults.map((result) => result.content).join('; ')}` };
  }
  return { text: info.lastUserText.length > 0 ? `Echo: ${info.lastUserText}` : 'Hello from the fake model.' };
}

/** A tool call ready for the wire. */
export interface ResolvedToolCall {
  id: string;
  name: string;
  argumentsJson: string;
}

/** A turn with every default applied. */
export interface ResolvedTurn {
  text: string;
  toolCalls: ResolvedToolCall[];
  finishReason: string | undefined;
  inputTokens: number;
  outputTokens: number;
  thinkTimeMs: number;
  chunkDelayMs: number;
  streamError: { message: string; type?: string; code?: string } | undefined;
}

/** Encodes tool arguments as the JSON string providers send. */
export function toolArgumentsJson(args: unknown): string {
  return typeof args === 'string' ? args : JSON.stringify(args ?? {});
}

/** Queue of scripted turns plus the default responder, shared by the LLM fakes. */
export interface TurnSource extends LlmFakeControls {
  /** Picks the next turn for a request and applies defaults; `newToolCallId` names unnamed tool calls. */
  next(info: LlmRequestInfo, newToolCallId: () => string): Promise<ResolvedTurn>;
  /** Pacing options of the fake. */
  readonly chunking: Chunking;
  /** Characters per tool-arguments delta. */
  readonly argumentsChunkSize: number;
  /** Drops every queued turn. */
  clear(): void;
}

/** Creates the turn source for an LLM fake from its options. */
export function createTurnSource(options: LlmFakeOptions): TurnSource {
  const queue: LlmTurn[] = [...(options.turns ?? [])];
  const respond = options.respond ?? echoTurn;
  return {
    chunking: options.chunking ?? 'word',
    argumentsChunkSize: Math.max(1, options.argumentsChunkSize ?? 12),
    enqueueTurn: (...turns) => {
      queue.push(...turns);
    },
    pendingTurns: () => queue.length,
    clear: () => {
      queue.length = 0;
    },
    next: async (info, newToolCallId) => {
      const turn = queue.shift() ?? (await respond(info));
      const text = turn.text ?? '';
      const toolCalls = (turn.toolCalls ?? []).map((call) => ({
        id: call.id ?? newToolCallId(),
        name: call.name,
        argumentsJson: toolArgumentsJson(call.arguments),
      }));
      const outputText = text + toolCalls.map((call) => call.name + call.argumentsJson).join('');
      return {
        text,
        toolCalls,
        finishReason: turn.finishReason,
        inputTokens: turn.usage?.inputTokens ?? estimateTokens(JSON.stringify(info.body)),
        outputTokens: turn.usage?.outputTokens ?? estimateTokens(outputText),
        thinkTimeMs: turn.thinkTimeMs ?? options.thinkTimeMs ?? 0,
        chunkDelayMs: turn.chunkDelayMs ?? options.chunkDelayMs ?? 0,
        streamError: turn.streamError,
      };
    },
  };
}

/** Flattens message content (a string, or an array of text-like parts) to plain text. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return content == null ? '' : JSON.stringify(content);
  return content
    .map((part: unknown) => {
      if (typeof part === 'string') return part;
      if (typeof part !== 'object' || part === null) return '';
      const record = part as Record<string, unknown>;
      if (typeof record.text === 'string') return record.text;
      if (record.content !== undefined) return contentText(record.content);
      return '';
    })
    .join('');
}

/** Cuts a tool-arguments JSON string into stream deltas. */
export function splitArguments(json: string, size: number): string[] {
  const parts: string[] = [];
  for (let i = 0; i < json.length; i += size) parts.push(json.slice(i, i + size));
  return parts.length > 0 ? parts : [''];
}
