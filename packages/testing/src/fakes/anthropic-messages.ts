import { defaultStatusMessage, type RouteContext } from './fake-http-server.ts';
import { isRecord, SseWriter, sendJson } from './http-io.ts';
import { llmRequestInfo, takeTurn } from './llm-fake-kit.ts';
import {
  contentText,
  type LlmRequestInfo,
  type ResolvedTurn,
  splitArguments,
  type TurnSource,
} from './llm-turns.ts';
import { splitText } from './text.ts';

/** Anthropic error `type` for a status code. */
export function anthropicErrorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 529) return 'overloaded_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/** Anthropic's error body: `{ type: "error", error: { type, message } }`. */
export function anthropicErrorBody(status: number, message = defaultStatusMessage(status)): unknown {
  return { type: 'error', error: { type: anthropicErrorType(status), message } };
}

/** Id generators of an Anthropic fake. */
export interface AnthropicIds {
  message: () => string;
  toolUse: () => string;
}

function blocks(content: unknown): Record<string, unknown>[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return (Array.isArray(content) ? content : []).filter(isRecord);
}

/** Reads what the fake needs from a Messages request body. */
function messagesRequestInfo(body: Record<string, unknown>, ctx: RouteContext): LlmRequestInfo {
  const messages = (Array.isArray(body.messages) ? body.messages : []).filter(isRecord);
  const userTexts = messages
    .filter((message) => message.role === 'user')
    .map((message) =>
      blocks(message.content)
        .filter((block) => block.type === 'text')
        .map((block) => String(block.text ?? ''))
        .join(''),
    )
    .filter((text) => text.length > 0);
  const last = messages.at(-1);
  const toolResults =
    last?.role === 'user'
      ? blocks(last.content)
          .filter((block) => block.type === 'tool_result')
          .map((block) => ({
            toolCallId: String(block.tool_use_id ?? ''),
            content: contentText(block.content),
          }))
      : [];
  return llmRequestInfo(ctx, body, {
    api: 'anthropic.messages',
    lastUserText: userTexts.at(-1) ?? '',
    toolResults,
    toolName: (tool) => String(tool.name ?? ''),
  });
}

function stopReason(turn: ResolvedTurn): string {
  return turn.finishReason ?? (turn.toolCalls.length > 0 ? 'tool_use' : 'end_turn');
}

function streamErrorReply(turn: ResolvedTurn): { status: number; body: unknown } | undefined {
  if (!turn.streamError) return undefined;
  const type = turn.streamError.type ?? 'api_error';
  return {
    status: type === 'overloaded_error' ? 529 : 500,
    body: { type: 'error', error: { type, message: turn.streamError.message } },
  };
}

/** Answers `POST /v1/messages`, streaming (named SSE events) or not. */
export async function handleMessages(ctx: RouteContext, turns: TurnSource, ids: AnthropicIds): Promise<void> {
  const body = ctx.req.body;
  const invalid = (message: string) => sendJson(ctx.res, 400, anthropicErrorBody(400, message));
  if (!ctx.req.headers['anthropic-version']) return invalid('anthropic-version: header is required');
  if (!isRecord(body)) return invalid('There was an error parsing the body of your request.');
  if (typeof body.model !== 'string') return invalid('model: Field required');
  if (typeof body.max_tokens !== 'number') return invalid('max_tokens: Field required');
  if (!Array.isArray(body.messages)) return invalid('messages: Field required');

  const info = messagesRequestInfo(body, ctx);
  const turn = await takeTurn(ctx, turns, info, ids.toolUse);
  if (!turn) return;
  const content = [
    ...(turn.text.length > 0 || turn.toolCalls.length === 0 ? [{ type: 'text', text: turn.text }] : []),
    ...turn.toolCalls.map((call) => ({
      type: 'tool_use',
      id: call.id,
      name: call.name,
      input: JSON.parse(call.argumentsJson) as unknown,
    })),
  ];
  const messageId = ids.message();
  const usage = {
    input_tokens: turn.inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: turn.outputTokens,
    service_tier: 'standard',
  };
  const message = (blocksOut: unknown[], stop: string | null, outputTokens: number) => ({
    id: messageId,
    type: 'message',
    role: 'assistant',
    model: info.model,
    content: blocksOut,
    stop_reason: stop,
    stop_sequence: null,
    usage: { ...usage, output_tokens: outputTokens },
  });

  if (!info.stream) {
    const failure = streamErrorReply(turn);
    if (failure) return sendJson(ctx.res, failure.status, failure.body);
    return sendJson(ctx.res, 200, message(content, stopReason(turn), turn.outputTokens));
  }

  const sse = new SseWriter(ctx.res, { eventDelayMs: turn.chunkDelayMs });
  const emit = (type: string, fields: Record<string, unknown> = {}) => sse.send({ type, ...fields }, type);
  await emit('message_start', { message: message([], null, 1) });
  await emit('ping');
  let index = 0;
  if (turn.text.length > 0 || turn.toolCalls.length === 0) {
    await emit('content_block_start', { index, content_block: { type: 'text', text: '' } });
    for (const text of splitText(turn.text, turns.chunking)) {
      await emit('content_block_delta', { index, delta: { type: 'text_delta', text } });
    }
    if (turn.streamError) {
      const { type, message: errorMessage } = turn.streamError;
      await emit('error', { error: { type: type ?? 'overloaded_error', message: errorMessage } });
      sse.end();
      return;
    }
    await emit('content_block_stop', { index });
    index += 1;
  }
  for (const call of turn.toolCalls) {
    const block = { type: 'tool_use', id: call.id, name: call.name, input: {} };
    await emit('content_block_start', { index, content_block: block });
    await emit('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } });
    for (const partial of splitArguments(call.argumentsJson, turns.argumentsChunkSize)) {
      await emit('content_block_delta', {
        index,
        delta: { type: 'input_json_delta', partial_json: partial },
      });
    }
    await emit('content_block_stop', { index });
    index += 1;
  }
  await emit('message_delta', {
    delta: { stop_reason: stopReason(turn), stop_sequence: null },
    usage: { output_tokens: turn.outputTokens },
  });
  await emit('message_stop');
  sse.end();
}
