import { splitText } from './text.ts';

/** One SSE event of a Suna run (`data: <json>`); `_event_id` is added when it is buffered. */
export type SunaEvent = Record<string, unknown> & { type: string };

/** A tool the fake agent "runs" during a scripted run. */
export interface SunaToolStep {
  /** Function name, e.g. `web_search`. */
  name: string;
  /** Arguments (object or JSON string). */
  arguments: unknown;
  /** Tool output (default `{ ok: true }`). */
  output?: unknown;
  /** Whether the tool succeeded (default true). */
  success?: boolean;
}

/** Scripts one Suna agent run. */
export interface SunaRunScript {
  /** Final assistant text (default `Echo: <prompt>`). */
  text?: string;
  /** Tools called in a first LLM turn, before the final text turn. */
  toolCalls?: SunaToolStep[];
  /** Make the run fail with this error (an `error` event, then status `failed`). */
  fail?: string;
  /** Raw events to emit instead of the generated ones (the terminal status is still appended). */
  events?: SunaEvent[];
  /** Keep the run `running` after its events until it is stopped (for stop / timeout tests). */
  hang?: boolean;
  /** Delay before the first event (overrides the fake's `thinkTimeMs`). */
  thinkTimeMs?: number;
  /** Delay between events (overrides the fake's `eventDelayMs`). */
  eventDelayMs?: number;
  /**
   * Drops the first stream connection after it has written this many events (no terminal event), as a
   * dropped connection would; later connections (resumed with `last_id`) are served normally.
   */
  dropStreamAfter?: number;
}

/** Row of a thread's message list (`GET /v1/threads/{id}/messages`). */
export interface SunaMessageRow {
  message_id: string;
  thread_id: string;
  type: string;
  is_llm_message: boolean;
  content: Record<string, unknown>;
  metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  agent_id: string | null;
}

/** Context the event generator needs. */
export interface SunaEventContext {
  threadId: string;
  runId: string;
  model: string;
  prompt: string;
  newId: () => string;
}

/** Generated events plus the rows persisted to the thread when the run completes. */
export interface SunaGeneratedRun {
  events: SunaEvent[];
  rows: Omit<SunaMessageRow, 'created_at' | 'updated_at' | 'agent_id' | 'thread_id'>[];
}

/** Builds a message-like event, JSON-encoding `content` and `metadata` as the real stream does. */
export function sunaMessageEvent(
  type: string,
  content: unknown,
  metadata: unknown,
  ctx: SunaEventContext,
  messageId: string | null = null,
): SunaEvent {
  return {
    type,
    message_id: messageId,
    thread_id: ctx.threadId,
    is_llm_message: type === 'assistant' || type === 'tool',
    content: JSON.stringify(content),
    metadata: JSON.stringify(metadata),
    created_at: new Date().toISOString(),
  };
}

function statusEvent(statusType: string, extra: Record<string, unknown>, ctx: SunaEventContext): SunaEvent {
  return sunaMessageEvent('status', { status_type: statusType, ...extra }, { thread_run_id: ctx.runId }, ctx);
}

function argumentsText(args: unknown): string {
  return typeof args === 'string' ? args : JSON.stringify(args ?? {});
}

/** Generates the deterministic event sequence (without the terminal status) for a scripted run. */
export function generateSunaRun(script: SunaRunScript, ctx: SunaEventContext): SunaGeneratedRun {
  const events: SunaEvent[] = [{ type: 'ack' }, statusEvent('thread_run_start', {}, ctx)];
  const rows: SunaGeneratedRun['rows'] = [];
  const turn = (text: string, tools: SunaToolStep[]): void => {
    const llmResponseId = ctx.newId();
    events.push(sunaMessageEvent('llm_response_start', { llm_response_id: llmResponseId }, {}, ctx));
    const chunkMeta = { stream_status: 'chunk', thread_run_id: ctx.runId };
    for (const delta of splitText(text)) {
      events.push(sunaMessageEvent('assistant', { role: 'assistant', content: delta }, chunkMeta, ctx));
    }
    const calls = tools.map((tool) => ({
      tool_call_id: `call_${ctx.newId().slice(0, 8)}`,
      function_name: tool.name,
      arguments: argumentsText(tool.arguments),
    }));
    for (const call of calls) {
      const chunk = { tool_call_id: call.tool_call_id, function_name: call.function_name };
      const metadata = {
        stream_status: 'tool_call_chunk',
        tool_calls: [{ ...chunk, arguments_delta: call.arguments }],
      };
      events.push(sunaMessageEvent('assistant', { role: 'assistant', content: '' }, metadata, ctx));
    }
    const assistantId = ctx.newId();
    const content = { role: 'assistant', content: text };
    const metadata = {
      stream_status: 'complete',
      text_content: text,
      tool_calls: calls,
      thread_run_id: ctx.runId,
    };
    events.push(sunaMessageEvent('assistant', content, metadata, ctx, assistantId));
    rows.push({ message_id: assistantId, type: 'assistant', is_llm_message: true, content, metadata });
    for (const [index, tool] of tools.entries()) {
      const call = calls[index];
      if (!call) continue;
      const success = tool.success ?? true;
      const output = tool.output ?? { ok: true };
      const base = { tool_call_id: call.tool_call_id, function_name: call.function_name };
      events.push(statusEvent('tool_started', base, ctx));
      const toolId = ctx.newId();
      const toolContent = {
        name: tool.name,
        role: 'tool',
        content: JSON.stringify(output),
        tool_call_id: base.tool_call_id,
      };
      const result = { success, output, error: success ? null : 'Tool failed' };
      const toolMeta = { result, ...base, assistant_message_id: assistantId };
      events.push(sunaMessageEvent('tool', toolContent, toolMeta, ctx, toolId));
      rows.push({
        message_id: toolId,
        type: 'tool',
        is_llm_message: true,
        content: toolContent,
        metadata: toolMeta,
      });
      events.push(statusEvent(success ? 'tool_completed' : 'tool_failed', base, ctx));
    }
    const completion = Math.max(1, Math.ceil((text.length + JSON.stringify(calls).length) / 4));
    const prompt = Math.max(1, Math.ceil(ctx.prompt.length / 4));
    const usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
    const endContent = { llm_response_id: llmResponseId, model: ctx.model, usage };
    events.push(sunaMessageEvent('llm_response_end', endContent, {}, ctx));
    rows.push({
      message_id: ctx.newId(),
      type: 'llm_response_end',
      is_llm_message: false,
      content: endContent,
      metadata: {},
    });
  };
  if (script.events) {
    events.push(...script.events);
    return { events, rows };
  }
  if (script.toolCalls && script.toolCalls.length > 0) turn('', script.toolCalls);
  if (script.fail == null) {
    turn(script.text ?? (ctx.prompt.length > 0 ? `Echo: ${ctx.prompt}` : 'Continuing the conversation.'), []);
    events.push(statusEvent('finish', { finish_reason: 'stop' }, ctx));
  }
  return { events, rows };
}
