import { performance } from 'node:perf_hooks';
import type { LanguageModelV4 } from '@ai-sdk/provider';
import { createModelRegistry } from '@renum/runtime';
import { streamText } from 'ai';
import type { TurnTiming } from './load.ts';

/** The model the direct baseline calls, resolved exactly as the server resolves `openai/gpt-4o-mini`. */
export interface DirectModel {
  model: LanguageModelV4;
  /** AI SDK provider id: `openai.responses` (Responses API) or `openai.chat` (chat completions). */
  provider: string;
}

/**
 * Resolves `openai/gpt-4o-mini` with Renum's own model registry configured as the server configures it
 * (platform key, base URL of the fake), so both sides call the same OpenAI API through the same AI SDK
 * provider code.
 */
export function directModel(fakeUrl: string): DirectModel {
  const registry = createModelRegistry({ openai: { apiKey: 'bench-key', baseURL: `${fakeUrl}/v1` } });
  const { model } = registry.resolve('openai/gpt-4o-mini');
  return { model, provider: model.provider };
}

/**
 * One turn straight to the model with the AI SDK: `streamText` with the same system prompt and user
 * message Renum sends, timing the first text delta and the end of the stream; answers the text too.
 */
export async function directTurn(options: {
  model: LanguageModelV4;
  system: string;
  content: string;
}): Promise<TurnTiming & { text: string }> {
  const started = performance.now();
  let ttft = Number.NaN;
  let text = '';
  const result = streamText({
    model: options.model,
    system: options.system,
    prompt: options.content,
    maxRetries: 0,
  });
  for await (const part of result.stream) {
    if (part.type === 'text-delta') {
      if (Number.isNaN(ttft)) ttft = performance.now() - started;
      text += part.text;
    } else if (part.type === 'error')
      throw part.error instanceof Error ? part.error : new Error(String(part.error));
  }
  const total = performance.now() - started;
  if (Number.isNaN(ttft)) throw new Error('the model answered without text');
  return { ttft, total, text };
}
