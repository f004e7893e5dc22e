import type { RouteContext } from './fake-http-server.ts';
import { isRecord, SseWriter, sendJson } from './http-io.ts';
import { llmRequestInfo, takeTurn } from './llm-fake-kit.ts';
import {
  contentText,
  type LlmRequestInfo,
  type ResolvedTurn,
  splitArguments,
  type TurnSource,
} from './llm-turns.ts';
import type { OpenAIIds } from './openai-chat.ts';
import { openAIStreamErrorBody, readOpenAIBody, sendOpenAIBadRequest } from './openai-errors.ts';
import { splitText, unixSeconds } from './text.ts';

/** Cap on stored output items, so long benchmark runs do not grow without bound. */
const MAX_STORED_ITEMS = 10_000;

/** Output items kept for `item_reference` inputs (`store` defaults to true, as in the real API). */
export type ResponsesItemStore = Map<string, Record<string, unknown>>;

/** Expands the `input` of a Responses request to items, resolving `item_reference`s; a string is an error. */
function expandInput(input: unknown, store: ResponsesItemStore): Record<string, unknown>[] | string {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  if (!Array.isArray(input)) return "Missing required parameter: 'input'.";
  const items: Record<string, unknown>[] = [];
  for (const item of input) {
    if (!isRecord(item)) continue;
    if (item.type !== 'item_reference') {
      items.push(item);
      continue;
    }
    const stored = store.get(String(item.id));
    if (!stored) return `Item with id '${String(item.id)}' not found.`;
    items.push(stored);
  }
  return items;
}

/** Reads what the fake needs from a Responses request body. */
function responsesRequestInfo(
  body: Record<string, unknown>,
  items: Record<string, unknown>[],
  ctx: RouteContext,
): LlmRequestInfo {
  const lastUser = [...items].reverse().find((item) => item.role === 'user');
  const toolResults: LlmRequestInfo['toolResults'] = [];
  for (let i = items.length - 1; i >= 0 && items[i]?.type === 'function_call_output'; i -= 1) {
    const item = items[i] ?? {};
    toolResults.unshift({ toolCallId: String(item.call_id ?? ''), content: contentText(item.output) });
  }
  return llmRequestInfo(ctx, body, {
    api: 'responses',
    lastUserText: lastUser ? contentText(lastUser.content) : '',
    toolResults,
    toolName: (tool) => String(tool.name ?? ''),
  });
}

function usageOf(turn: ResolvedTurn): Record<string, unknown> {
  return {
    input_tokens: turn.inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: turn.outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: turn.inputTokens + turn.outputTokens,
  };
}

function outputText(text: string): Record<string, unknown> {
  return { type: 'output_text', annotations: [], logprobs: [], text };
}

/** Answers `POST /v1/responses`, streaming (typed SSE events) or not. */
export async function handleResponses(
  ctx: RouteContext,
  turns: TurnSource,
  ids: OpenAIIds,
  store: ResponsesItemStore,
): Promise<void> {
  const body = readOpenAIBody(ctx, "Missing required parameter: 'model'.");
  if (!body) return;
  const items = expandInput(body.input, store);
  if (typeof items === 'string') {
    sendOpenAIBadRequest(ctx.res, items, 'input');
    return;
  }
  const info = responsesRequestInfo(body, items, ctx);
  const turn = await takeTurn(ctx, turns, info, ids.call);
  if (!turn) return;

  const messageItem =
    turn.text.length > 0 || turn.toolCalls.length === 0
      ? {
          id: ids.message(),
          type: 'message',
          status: 'completed',
          role: 'assistant',
          content: [outputText(turn.text)],
        }
      : undefined;
  const callItems = turn.toolCalls.map((call) => ({
    id: ids.functionCall(),
    type: 'function_call',
    status: 'completed',
    arguments: call.argumentsJson,
    call_id: call.id,
    name: call.name,
  }));
  const output: Record<string, unknown>[] = [...(messageItem ? [messageItem] : []), ...callItems];
  if (body.store !== false) for (const item of output) store.set(String(item.id), item);
  for (const key of store.keys()) {
    if (store.size <= MAX_STORED_ITEMS) break;
    store.delete(key);
  }

  const responseId = ids.response();
  const createdAt = unixSeconds();
  const incomplete = turn.finishReason === 'max_output_tokens' || turn.finishReason === 'content_filter';
  const response = (status: string, out: unknown[], usage: unknown) => ({
    id: responseId,
    object: 'response',
    created_at: createdAt,
    status,
    background: false,
    error: null,
    incomplete_details: status === 'incomplete' ? { reason: turn.finishReason } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: info.model,
    output: out,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: body.store !== false,
    temperature: body.temperature ?? 1,
    text: { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: 'disabled',
    usage,
    user: null,
    metadata: body.metadata ?? {},
  });
  const finalStatus = incomplete ? 'incomplete' : 'completed';

  if (!info.stream) {
    if (turn.streamError) {
      sendJson(ctx.res, 500, openAIStreamErrorBody(turn.streamError));
      return;
    }
    sendJson(ctx.res, 200, response(finalStatus, output, usageOf(turn)));
    return;
  }

  const sse = new SseWriter(ctx.res, { eventDelayMs: turn.chunkDelayMs });
  let sequence = 0;
  const emit = (type: string, fields: Record<string, unknown>) =>
    sse.send({ type, sequence_number: sequence++, ...fields }, type);
  await emit('response.created', { response: response('in_progress', [], null) });
  await emit('response.in_progress', { response: response('in_progress', [], null) });
  let outputIndex = 0;
  if (messageItem) {
    const ref = { item_id: messageItem.id, output_index: outputIndex, content_index: 0 };
    await emit('response.output_item.added', {
      output_index: outputIndex,
      item: { ...messageItem, status: 'in_progress', content: [] },
    });
    await emit('response.content_part.added', { ...ref, part: outputText('') });
    for (const delta of splitText(turn.text, turns.chunking)) {
      await emit('response.output_text.delta', { ...ref, delta, logprobs: [] });
    }
    if (turn.streamError) {
      const { message, code } = turn.streamError;
      const failed = { ...response('failed', [], null), error: { code: code ?? 'server_error', message } };
      await emit('response.failed', { response: failed });
      sse.end();
      return;
    }
    await emit('response.output_text.done', { ...ref, text: turn.text, logprobs: [] });
    await emit('response.content_part.done', { ...ref, part: outputText(turn.text) });
    await emit('response.output_item.done', { output_index: outputIndex, item: messageItem });
    outputIndex += 1;
  }
  for (const item of callItems) {
    const ref = { item_id: item.id, output_index: outputIndex };
    await emit('response.output_item.added', {
      output_index: outputIndex,
      item: { ...item, status: 'in_progress', arguments: '' },
    });
    for (const delta of splitArguments(item.arguments, turns.argumentsChunkSize)) {
      await emit('response.function_call_arguments.delta', { ...ref, delta });
    }
    await emit('response.function_call_arguments.done', { ...ref, arguments: item.arguments });
    await emit('response.output_item.done', { output_index: outputIndex, item });
    outputIndex += 1;
  }
  const done = incomplete ? 'response.incomplete' : 'response.completed';
  await emit(done, { response: response(finalStatus, output, usageOf(turn)) });
  sse.end();
}
