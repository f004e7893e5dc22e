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
import { openAIStreamErrorBody, readOpenAIBody, sendOpenAIBadRequest } from './openai-errors.ts';
import { splitText, unixSeconds } from './text.ts';

/** Id generators of an OpenAI fake. */
export interface OpenAIIds {
  completion: () => string;
  call: () => string;
  response: () => string;
  message: () => string;
  functionCall: () => string;
}

/** Reads what the fake needs from a chat completions request body. */
export function chatRequestInfo(body: Record<string, unknown>, ctx: RouteContext): LlmRequestInfo {
  const messages = (Array.isArray(body.messages) ? body.messages : []).filter(isRecord);
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  const toolResults: LlmRequestInfo['toolResults'] = [];
  for (let i = messages.length - 1; i >= 0 && messages[i]?.role === 'tool'; i -= 1) {
    const message = messages[i] ?? {};
    toolResults.unshift({
      toolCallId: String(message.tool_call_id ?? ''),
      content: contentText(message.content),
    });
  }
  return llmRequestInfo(ctx, body, {
    api: 'chat.completions',
    lastUserText: lastUser ? contentText(lastUser.content) : '',
    toolResults,
    toolName: (tool) => (isRecord(tool.function) ? String(tool.function.name) : ''),
  });
}

/** OpenAI chat usage object. */
function chatUsage(turn: ResolvedTurn): Record<string, unknown> {
  return {
    prompt_tokens: turn.inputTokens,
    completion_tokens: turn.outputTokens,
    total_tokens: turn.inputTokens + turn.outputTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function finishReason(turn: ResolvedTurn): string {
  return turn.finishReason ?? (turn.toolCalls.length > 0 ? 'tool_calls' : 'stop');
}

/** Answers `POST /v1/chat/completions`, streaming (SSE chunks + `[DONE]`) or not. */
export async function handleChatCompletions(
  ctx: RouteContext,
  turns: TurnSource,
  ids: OpenAIIds,
): Promise<void> {
  const body = readOpenAIBody(ctx, 'you must provide a model parameter');
  if (!body) return;
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    sendOpenAIBadRequest(
      ctx.res,
      `${JSON.stringify(body.messages ?? null)} is too short - 'messages'`,
      'messages',
    );
    return;
  }
  const info = chatRequestInfo(body, ctx);
  const turn = await takeTurn(ctx, turns, info, ids.call);
  if (!turn) return;
  const base = {
    id: ids.completion(),
    created: unixSeconds(),
    model: info.model,
    system_fingerprint: 'fp_fake',
  };
  if (!info.stream) {
    if (turn.streamError) {
      sendJson(ctx.res, 500, openAIStreamErrorBody(turn.streamError));
      return;
    }
    sendJson(ctx.res, 200, {
      ...base,
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: turn.text.length > 0 || turn.toolCalls.length === 0 ? turn.text : null,
            refusal: null,
            annotations: [],
            ...(turn.toolCalls.length > 0 && {
              tool_calls: turn.toolCalls.map((call) => ({
                id: call.id,
                type: 'function',
                function: { name: call.name, arguments: call.argumentsJson },
              })),
            }),
          },
          logprobs: null,
          finish_reason: finishReason(turn),
        },
      ],
      usage: chatUsage(turn),
      service_tier: 'default',
    });
    return;
  }
  const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true;
  const sse = new SseWriter(ctx.res, { eventDelayMs: turn.chunkDelayMs });
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    ...base,
    object: 'chat.completion.chunk',
    service_tier: 'default',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(includeUsage && { usage: null }),
  });
  await sse.send(chunk({ role: 'assistant', content: '', refusal: null }));
  for (const delta of splitText(turn.text, turns.chunking)) await sse.send(chunk({ content: delta }));
  for (const [index, call] of turn.toolCalls.entries()) {
    const head = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
    await sse.send(chunk({ tool_calls: [head] }));
    for (const part of splitArguments(call.argumentsJson, turns.argumentsChunkSize)) {
      await sse.send(chunk({ tool_calls: [{ index, function: { arguments: part } }] }));
    }
  }
  if (turn.streamError) {
    await sse.send(openAIStreamErrorBody(turn.streamError));
    sse.end();
    return;
  }
  await sse.send(chunk({}, finishReason(turn)));
  if (includeUsage) {
    await sse.send({
      ...base,
      object: 'chat.completion.chunk',
      service_tier: 'default',
      choices: [],
      usage: chatUsage(turn),
    });
  }
  await sse.send('[DONE]');
  sse.end();
}

/** Answers `GET /v1/models` in OpenAI's list shape. */
export function handleListModels(ctx: RouteContext, models: string[]): void {
  const created = 1_700_000_000;
  sendJson(ctx.res, 200, {
    object: 'list',
    data: models.map((id) => ({ id, object: 'model', created, owned_by: 'openai' })),
  });
}
