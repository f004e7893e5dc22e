import type { RunEventDraft } from '@renum/contracts';
import { runNote } from '@renum/contracts';

/** One event of Suna's SSE stream as sent: `content` and `metadata` of message-like events are JSON strings. */
export type SunaRawEvent = Record<string, unknown> & { type?: unknown; _event_id?: unknown };

/** Usage of one LLM call, from `llm_response_end`. */
export interface SunaLlmUsage {
  readonly llmResponseId: string;
  readonly model: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** What one Suna event means for the run. */
export type SunaMapped =
  | { readonly kind: 'draft'; readonly draft: RunEventDraft }
  | { readonly kind: 'usage'; readonly usage: SunaLlmUsage }
  | { readonly kind: 'end'; readonly status: 'completed' | 'failed' | 'stopped'; readonly message: string }
  | { readonly kind: 'failure'; readonly message: string; readonly errorCode: string | undefined };

/**
 * Parses a value Suna JSON-encoded (once on the wire, so the event's `content` is a string holding JSON).
 * Anything that is not such a string (REST rows usually hold objects; old rows strings) comes back as is.
 */
export function decodeSunaField(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return value;
  try {
    return JSON.parse(trimmed);
  } catch {
    return value;
  }
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

/** Tool arguments as an object: Suna sends them as a JSON string; a non-object is kept under `input`. */
function toolParams(value: unknown): Record<string, unknown> {
  const decoded = typeof value === 'string' ? decodeSunaField(value.trim() === '' ? '{}' : value) : value;
  if (typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded)) {
    return decoded as Record<string, unknown>;
  }
  return { input: decoded };
}

const terminalStatuses: Record<string, 'completed' | 'failed' | 'stopped'> = {
  completed: 'completed',
  failed: 'failed',
  error: 'failed',
  stopped: 'stopped',
};

/**
 * Maps Suna's events to the platform's one vocabulary: `assistant` chunks become `content`; the tool
 * calls of a `complete` assistant message become `tool_call`s; `tool` messages `tool_result`s (with the
 * time since the call); `llm_response_end` gives usage; a terminal `status` ends the run; `error` is a
 * failure. Everything else (`ping`, `ack`, `reasoning`, timing, turn boundaries) is dropped. Stateful:
 * it remembers the calls it announced, so a call seen twice (a resumed stream) is announced once.
 */
export function createSunaEventMapper(options: { now: () => number }) {
  const calls = new Map<string, { tool: string; at: number; answered: boolean }>();
  const usageSeen = new Set<string>();

  const assistant = (content: Record<string, unknown>, metadata: Record<string, unknown>): SunaMapped[] => {
    const status = metadata.stream_status;
    if (status === 'chunk') {
      const delta = text(content.content);
      return delta ? [{ kind: 'draft', draft: { type: 'content', content: delta } }] : [];
    }
    if (status !== 'complete' || !Array.isArray(metadata.tool_calls)) return [];
    const mapped: SunaMapped[] = [];
    for (const raw of metadata.tool_calls) {
      const call = record(raw);
      const id = text(call.tool_call_id);
      const tool = text(call.function_name);
      if (!id || !tool || calls.has(id)) continue;
      calls.set(id, { tool, at: options.now(), answered: false });
      const draft: RunEventDraft = {
        type: 'tool_call',
        tool,
        tool_call_id: id,
        params: toolParams(call.arguments),
        content: `Calling ${tool}`,
        ...runNote('tool.calling', { tool }),
      };
      mapped.push({ kind: 'draft', draft });
    }
    return mapped;
  };

  const toolResult = (content: Record<string, unknown>, metadata: Record<string, unknown>): SunaMapped[] => {
    const id = text(metadata.tool_call_id) || text(content.tool_call_id);
    const call = calls.get(id);
    if (call?.answered) return [];
    const tool = call?.tool ?? (text(metadata.function_name) || text(content.name));
    const result = record(metadata.result);
    const success = result.success !== false;
    const output = 'output' in result ? result.output : decodeSunaField(content.content);
    if (call) call.answered = true;
    else calls.set(id, { tool, at: options.now(), answered: true });
    const draft: RunEventDraft = {
      type: 'tool_result',
      tool,
      tool_call_id: id,
      result: success ? output : { error: text(result.error) || 'The tool failed', output },
      is_error: !success,
      duration_ms: Math.max(0, Math.round(options.now() - (call?.at ?? options.now()))),
      attempts: 1,
      content: success ? `${tool} answered` : `${tool} failed`,
      ...runNote(success ? 'tool.answered' : 'tool.failed', { tool }),
    };
    return [{ kind: 'draft', draft }];
  };

  const usage = (content: Record<string, unknown>): SunaMapped[] => {
    const id = text(content.llm_response_id);
    if (id && usageSeen.has(id)) return [];
    if (id) usageSeen.add(id);
    const tokens = record(content.usage);
    return [
      {
        kind: 'usage',
        usage: {
          llmResponseId: id,
          model: text(content.model) || 'unknown',
          inputTokens: count(tokens.prompt_tokens),
          outputTokens: count(tokens.completion_tokens),
        },
      },
    ];
  };

  /** Maps one event (already JSON-parsed once: the SSE `data`). */
  const map = (event: SunaRawEvent): SunaMapped[] => {
    const content = record(decodeSunaField(event.content));
    const metadata = record(decodeSunaField(event.metadata));
    switch (event.type) {
      case 'assistant':
        return assistant(content, metadata);
      case 'tool':
        return toolResult(content, metadata);
      case 'llm_response_end':
        return usage(content);
      case 'error':
        return [
          {
            kind: 'failure',
            message: text(event.error) || 'Suna failed',
            errorCode: text(event.error_code) || undefined,
          },
        ];
      case 'status': {
        const terminal = terminalStatuses[text(event.status)];
        return terminal ? [{ kind: 'end', status: terminal, message: text(event.message) }] : [];
      }
      default:
        return [];
    }
  };

  /** Maps a stored thread row (reconciliation): REST rows carry objects, old ones strings. */
  const mapRow = (row: { type: string; content: unknown; metadata: unknown }): SunaMapped[] => {
    const content = record(decodeSunaField(row.content));
    const metadata = record(decodeSunaField(row.metadata));
    if (row.type === 'assistant') return assistant(content, { ...metadata, stream_status: 'complete' });
    if (row.type === 'tool') return toolResult(content, metadata);
    if (row.type === 'llm_response_end') return usage(content);
    return [];
  };

  return { map, mapRow };
}

/** A {@link createSunaEventMapper} instance. */
export type SunaEventMapper = ReturnType<typeof createSunaEventMapper>;
