import { anthropicErrorBody, handleMessages } from './anthropic-messages.ts';
import type { ErrorReply } from './fake-http-server.ts';
import { baseSpec, startFakeHttpServer } from './fake-http-server.ts';
import { bearerToken } from './http-io.ts';
import { llmFakeHandle } from './llm-fake-kit.ts';
import { createTurnSource, type LlmFakeControls, type LlmFakeOptions } from './llm-turns.ts';
import { idSequence } from './text.ts';
import type { FakeServer, RecordedRequest } from './types.ts';

/** Options of {@link startFakeAnthropic}. */
export interface FakeAnthropicOptions extends LlmFakeOptions {}

/** Handle of a running fake Anthropic server. */
export interface FakeAnthropic extends FakeServer, LlmFakeControls {
  /** Base URL including `/v1`, ready for `createAnthropic({ baseURL })`. */
  readonly baseURL: string;
}

/** Checks `x-api-key` (or `Authorization: Bearer`) against `apiKey`, answering Anthropic's 401 when wrong. */
function anthropicAuthorizer(apiKey: string | undefined): (req: RecordedRequest) => ErrorReply | undefined {
  return (req) => {
    if (apiKey == null) return undefined;
    const key = req.headers['x-api-key'] ?? bearerToken(req.headers);
    if (key === apiKey) return undefined;
    const message = key == null ? 'x-api-key header is required' : 'invalid x-api-key';
    return { status: 401, body: anthropicErrorBody(401, message) };
  };
}

/**
 * Starts a fake Anthropic Messages API on 127.0.0.1: `POST /v1/messages` as JSON or as an SSE stream
 * with named events (`message_start`, `content_block_start`, `content_block_delta` with `text_delta` /
 * `input_json_delta`, `content_block_stop`, `message_delta`, `message_stop`), `tool_use` blocks,
 * the `anthropic-version` header requirement and Anthropic's error shape. Answers echo the last user
 * message unless turns are scripted.
 */
export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const turns = createTurnSource(options);
  const ids = { message: idSequence('msg_fake'), toolUse: idSequence('toolu_fake') };
  const requestIds = idSequence('req_fake');
  const server = await startFakeHttpServer({
    name: 'anthropic',
    ...baseSpec(options),
    errorBody: anthropicErrorBody,
    authorize: anthropicAuthorizer(options.apiKey),
    responseHeaders: () => ({ 'request-id': requestIds() }),
    routes: [{ method: 'POST', path: /^\/v1\/messages$/, handle: (ctx) => handleMessages(ctx, turns, ids) }],
  });
  return llmFakeHandle(server, turns);
}
