import { baseSpec, startFakeHttpServer } from './fake-http-server.ts';
import { llmFakeHandle } from './llm-fake-kit.ts';
import { createTurnSource, type LlmFakeControls, type LlmFakeOptions } from './llm-turns.ts';
import { handleChatCompletions, handleListModels, type OpenAIIds } from './openai-chat.ts';
import { handleEmbeddings } from './openai-embeddings.ts';
import { openAIAuthorizer, openAIErrorBody } from './openai-errors.ts';
import { handleResponses, type ResponsesItemStore } from './openai-responses.ts';
import { idSequence } from './text.ts';
import type { FakeServer } from './types.ts';

/** Options of {@link startFakeOpenAI}. */
export interface FakeOpenAIOptions extends LlmFakeOptions {
  /** Model ids listed by `GET /v1/models` (default: a few OpenAI model ids). */
  models?: string[];
}

/** Handle of a running fake OpenAI (or OpenAI-compatible) server. */
export interface FakeOpenAI extends FakeServer, LlmFakeControls {
  /** Base URL including `/v1`, ready for `createOpenAI({ baseURL })` or `createOpenAICompatible({ baseURL })`. */
  readonly baseURL: string;
}

/** Default model ids of `GET /v1/models`. */
export const DEFAULT_OPENAI_MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'gpt-5-mini'];

/**
 * Starts a fake OpenAI API on 127.0.0.1 speaking the real wire protocol:
 * `POST /v1/chat/completions` (JSON or SSE chunks ending in `data: [DONE]`, `tool_calls` deltas,
 * `stream_options.include_usage`), `POST /v1/responses` (JSON or typed SSE events as used by
 * `@ai-sdk/openai`'s default model), `GET /v1/models` and `POST /v1/embeddings` (deterministic hashed
 * word vectors: plumbing only, see fakeEmbedding). It also serves OpenAI-compatible providers
 * (Ollama, vLLM, LiteLLM, OpenRouter). Answers echo the last user message unless turns are scripted.
 *
 * @example
 * await using fake = await startFakeOpenAI({ apiKey: 'sk-test' });
 * fake.enqueueTurn({ toolCalls: [{ name: 'weather', arguments: { city: 'Paris' } }] }, { text: 'Sunny.' });
 * const openai = createOpenAI({ baseURL: fake.baseURL, apiKey: 'sk-test' });
 */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const turns = createTurnSource(options);
  const models = options.models ?? DEFAULT_OPENAI_MODELS;
  const store: ResponsesItemStore = new Map();
  const ids: OpenAIIds = {
    completion: idSequence('chatcmpl-fake'),
    call: idSequence('call_fake'),
    response: idSequence('resp_fake'),
    message: idSequence('msg_fake'),
    functionCall: idSequence('fc_fake'),
  };
  const requestIds = idSequence('req_fake');
  const server = await startFakeHttpServer({
    name: 'openai',
    ...baseSpec(options),
    errorBody: (status, message) => openAIErrorBody(status, message),
    authorize: openAIAuthorizer(options.apiKey),
    responseHeaders: () => ({ 'x-request-id': requestIds(), 'openai-processing-ms': '1' }),
    routes: [
      {
        method: 'POST',
        path: /^\/v1\/chat\/completions$/,
        handle: (ctx) => handleChatCompletions(ctx, turns, ids),
      },
      { method: 'POST', path: /^\/v1\/responses$/, handle: (ctx) => handleResponses(ctx, turns, ids, store) },
      { method: 'GET', path: /^\/v1\/models$/, handle: (ctx) => handleListModels(ctx, models) },
      { method: 'POST', path: /^\/v1\/embeddings$/, handle: handleEmbeddings },
    ],
    onClose: () => store.clear(),
  });
  return llmFakeHandle(server, turns);
}
