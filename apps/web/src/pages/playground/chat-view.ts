import type {
  Message,
  MessageFeedbackState,
  RunEvent,
  RunEventErrorCode,
  RunEventUsage,
  RunRetrievalSource,
} from '@renum/contracts';
import type { RunNoteSource } from '../../lib/run-note-text.ts';

/** A tool call of an answer, shown as an expandable card; the result fields arrive with `tool_result`. */
export interface ToolCard {
  toolCallId: string;
  tool: string;
  params: Record<string, unknown>;
  done: boolean;
  result?: unknown;
  isError?: boolean;
  attempts?: number;
  durationMs?: number;
}

/** A piece of an answer, in the order it happened. */
export type AnswerBlock =
  | { kind: 'text'; text: string }
  | { kind: 'switch'; agent: string; subAgentId: string | null; topics: string[]; via: string }
  | { kind: 'tool'; card: ToolCard };

/**
 * A transient status line under an answer: the server's own words (retrying…), or `resumed`, which the
 * page says in the person's language (another worker took the answer over and starts it again).
 */
export type AnswerNote =
  | ({ kind: 'text'; text: string } & Omit<RunNoteSource, 'content'>)
  | { kind: 'resumed' };

/** Where an answer is: streaming, or how it ended. */
export type AnswerState = 'running' | 'completed' | 'failed' | 'stopped';

/** One entry of the conversation as the playground shows it. */
export type ChatEntry =
  | { kind: 'user'; id: string; text: string; runId?: string | null }
  /** A person took the conversation over from its agent, or handed it back. */
  | { kind: 'note'; id: string; action: 'taken_over' | 'handed_back'; name: string }
  | {
      kind: 'answer';
      id: string;
      runId: string | null;
      /** The person who wrote it while holding the conversation; absent for the agent's answers. */
      author?: string | undefined;
      blocks: AnswerBlock[];
      state: AnswerState;
      /** Highest event `seq` applied to this answer: an event at or below it is a duplicate. */
      lastSeq: number;
      /** The latest transient status line (retrying…), cleared when text flows again. */
      note: AnswerNote | null;
      error: { code: RunEventErrorCode | string; message: string } | null;
      usage: RunEventUsage | null;
      /** The numbered knowledge passages the answer was given (its `[n]` refer to them). */
      citations: RunRetrievalSource[];
      /** The stored assistant message (for feedback); null until the run completes. */
      messageId: string | null;
      /** The thumbs up or down stored on that message when it was read; absent or null without any. */
      feedback?: MessageFeedbackState | null;
    };

/** The answer entry type. */
export type AnswerEntry = Extract<ChatEntry, { kind: 'answer' }>;

/** The playground's view model: the conversation's entries, oldest first. */
export interface ChatView {
  entries: ChatEntry[];
}

/** What changes the view: stored history, a message the person sent, and each streamed event. */
export type ChatAction =
  | { type: 'history'; messages: Message[]; subAgentNames?: Record<string, string> }
  | { type: 'sent'; id: string; text: string }
  | { type: 'event'; event: RunEvent }
  /** A message stored in the conversation, live (held, a person's reply, a handoff, another's send). */
  | { type: 'message'; message: Message }
  | { type: 'connection-lost'; code: string; message: string }
  /** A change computed outside (a finished run's events replayed into the reopened history). */
  | { type: 'update'; change: (view: ChatView) => ChatView };

/** The empty view. */
export const emptyChatView: ChatView = { entries: [] };

/**
 * Events in, view model out: a pure reducer, so the stream rendering is tested without a browser.
 * Events are matched to their answer by `run_id`; an event whose `seq` was already applied (a replay
 * after a reconnection or a reload) is ignored, so no text is lost or repeated.
 */
export function chatReducer(view: ChatView, action: ChatAction): ChatView {
  switch (action.type) {
    case 'history':
      return { entries: historyEntries(action.messages, action.subAgentNames ?? {}) };
    case 'sent':
      return { entries: [...view.entries, { kind: 'user', id: action.id, text: action.text }] };
    case 'event':
      return applyEvent(view, action.event);
    case 'message':
      return applyMessage(view, action.message);
    case 'update':
      return action.change(view);
    case 'connection-lost': {
      const index = findLastIndex(
        view.entries,
        (entry) => entry.kind === 'answer' && entry.state === 'running',
      );
      const error = { code: action.code, message: action.message };
      // Refused before any event (busy conversation, budget): the error still shows under the message.
      if (index < 0)
        return {
          entries: [
            ...view.entries,
            { ...newAnswer(null, `error:${view.entries.length}`), state: 'failed', error },
          ],
        };
      return replaceAnswer(view, index, (answer) => ({
        ...answer,
        state: 'failed',
        error,
      }));
    }
  }
}

/** True while an answer of the view is still streaming. */
export function isAnswering(view: ChatView): boolean {
  return view.entries.some((entry) => entry.kind === 'answer' && entry.state === 'running');
}

/** The text of an answer: its text blocks joined. */
export function answerText(answer: AnswerEntry): string {
  return answer.blocks.map((block) => (block.kind === 'text' ? block.text : '')).join('');
}

function applyEvent(view: ChatView, event: RunEvent): ChatView {
  let index = view.entries.findIndex((entry) => entry.kind === 'answer' && entry.runId === event.run_id);
  let entries = view.entries;
  if (index < 0) {
    entries = [...entries, newAnswer(event.run_id)];
    index = entries.length - 1;
  }
  const answer = entries[index] as AnswerEntry;
  if (event.seq <= answer.lastSeq || answer.state !== 'running') return view;
  const next = applyToAnswer({ ...answer, lastSeq: event.seq }, event);
  const copy = [...entries];
  copy[index] = next;
  return { entries: copy };
}

function applyToAnswer(answer: AnswerEntry, event: RunEvent): AnswerEntry {
  switch (event.type) {
    case 'content':
      return { ...answer, note: null, blocks: appendText(answer.blocks, event.content) };
    case 'agent_switch':
      return {
        ...answer,
        blocks: [
          ...answer.blocks,
          {
            kind: 'switch',
            agent: event.agent,
            subAgentId: event.sub_agent_id,
            topics: event.matched_topics,
            via: event.via,
          },
        ],
      };
    case 'tool_call':
      return {
        ...answer,
        blocks: [
          ...answer.blocks,
          {
            kind: 'tool',
            card: { toolCallId: event.tool_call_id, tool: event.tool, params: event.params, done: false },
          },
        ],
      };
    case 'tool_result': {
      let found = false;
      const blocks = answer.blocks.map((block): AnswerBlock => {
        if (block.kind !== 'tool' || block.card.toolCallId !== event.tool_call_id) return block;
        found = true;
        return { kind: 'tool', card: { ...block.card, ...resultFields(event) } };
      });
      if (!found)
        blocks.push({
          kind: 'tool',
          card: { toolCallId: event.tool_call_id, tool: event.tool, params: {}, ...resultFields(event) },
        });
      return { ...answer, blocks };
    }
    case 'status':
      if (event.status === 'stopped') return { ...answer, state: 'stopped', note: null };
      if (event.status === 'completed') return { ...answer, state: 'completed', note: null };
      if (event.status === 'failed') return { ...answer, state: 'failed', note: textNote(event) };
      if (event.status === 'retrying') return { ...answer, note: textNote(event) };
      // Another worker took the run over after its worker stopped: the answer starts again, so the
      // abandoned attempt's text and tool cards go (who answers, decided once, stays). The server's
      // wording is in the end customer's language, so the page says it in the person's own.
      if (event.status === 'running' && event.resumed) {
        return {
          ...answer,
          note: { kind: 'resumed' },
          blocks: answer.blocks.filter((block) => block.kind === 'switch'),
        };
      }
      return answer;
    case 'retrieval':
      return { ...answer, citations: event.sources };
    case 'complete': {
      // A replay that began after the text (or a model that sent no deltas) still shows the answer.
      const blocks =
        answerText(answer) === '' && event.content ? appendText(answer.blocks, event.content) : answer.blocks;
      return {
        ...answer,
        blocks,
        state: 'completed',
        note: null,
        usage: event.usage,
        messageId: event.message_id,
      };
    }
    case 'error':
      return {
        ...answer,
        state: 'failed',
        note: null,
        error: { code: event.code, message: event.error },
      };
    default:
      return answer;
  }
}

/** The event's note: its text, and its code and values so the page says it in the reader's language. */
function textNote(event: RunNoteSource & { content: string }): AnswerNote {
  return {
    kind: 'text',
    text: event.content,
    ...(event.content_code ? { content_code: event.content_code } : {}),
    ...(event.content_params ? { content_params: event.content_params } : {}),
  };
}

function resultFields(event: Extract<RunEvent, { type: 'tool_result' }>) {
  return {
    done: true,
    result: event.result,
    isError: event.is_error,
    attempts: event.attempts,
    durationMs: event.duration_ms,
  };
}

function appendText(blocks: AnswerBlock[], text: string): AnswerBlock[] {
  const last = blocks.at(-1);
  if (last?.kind === 'text') return [...blocks.slice(0, -1), { kind: 'text', text: last.text + text }];
  return [...blocks, { kind: 'text', text }];
}

function newAnswer(runId: string | null, id = `run:${runId}`): AnswerEntry {
  return {
    kind: 'answer',
    id,
    runId,
    blocks: [],
    state: 'running',
    lastSeq: 0,
    note: null,
    error: null,
    usage: null,
    citations: [],
    messageId: null,
  };
}

/**
 * A live message: added once (by id). A person's message goes before the answer of its run when that
 * answer already streams; an agent's answer whose run is already shown is left to the run's events.
 */
function applyMessage(view: ChatView, message: Message): ChatView {
  if (view.entries.some((entry) => entry.id === message.id)) return view;
  if (message.role === 'assistant' && message.run_id) {
    if (view.entries.some((entry) => entry.kind === 'answer' && entry.runId === message.run_id)) return view;
  }
  const added = historyEntries([message], {});
  if (message.role === 'user' && message.run_id) {
    const answerIndex = view.entries.findIndex(
      (entry) => entry.kind === 'answer' && entry.runId === message.run_id,
    );
    if (answerIndex >= 0) {
      return {
        entries: [...view.entries.slice(0, answerIndex), ...added, ...view.entries.slice(answerIndex)],
      };
    }
  }
  return { entries: [...view.entries, ...added] };
}

/** The handoff a `system` message records (takeover, hand-back), if it is one. */
function handoffOf(message: Message): { action: 'taken_over' | 'handed_back'; name: string } | null {
  const [part] = message.content;
  if (!isRecord(part) || part.type !== 'handoff') return null;
  const action = part.action === 'handed_back' ? 'handed_back' : 'taken_over';
  return { action, name: typeof part.name === 'string' ? part.name : '' };
}

/** Stored messages as entries: person's messages, and answers with their tool calls as cards. */
function historyEntries(messages: Message[], subAgentNames: Record<string, string>): ChatEntry[] {
  const entries: ChatEntry[] = [];
  for (const message of messages) {
    if (message.role === 'user') {
      entries.push({ kind: 'user', id: message.id, text: message.text, runId: message.run_id });
    }
    const handoff = message.role === 'system' ? handoffOf(message) : null;
    if (handoff) entries.push({ kind: 'note', id: message.id, ...handoff });
    if (message.role !== 'assistant') continue;
    const blocks: AnswerBlock[] = [];
    // Stored messages keep who answered, not the routing events: show the sub-agent that took over.
    const subAgent = message.sub_agent_id ? subAgentNames[message.sub_agent_id] : undefined;
    if (subAgent)
      blocks.push({
        kind: 'switch',
        agent: subAgent,
        subAgentId: message.sub_agent_id,
        topics: [],
        via: 'history',
      });
    for (const part of message.content) {
      if (!isRecord(part)) continue;
      if (part.type === 'tool-call' && typeof part.toolCallId === 'string') {
        blocks.push({
          kind: 'tool',
          card: {
            toolCallId: part.toolCallId,
            tool: String(part.toolName ?? ''),
            params: isRecord(part.input) ? part.input : {},
            done: false,
          },
        });
      } else if (part.type === 'tool-result' && typeof part.toolCallId === 'string') {
        const block = blocks.find((item) => item.kind === 'tool' && item.card.toolCallId === part.toolCallId);
        if (block?.kind === 'tool')
          block.card = { ...block.card, done: true, result: part.output, isError: part.isError === true };
      }
    }
    if (message.text) blocks.push({ kind: 'text', text: message.text });
    entries.push({
      ...newAnswer(message.run_id, message.run_id ? `message:${message.run_id}` : message.id),
      blocks,
      state: 'completed',
      usage: null,
      citations: message.citations ?? [],
      messageId: message.id,
      feedback: message.feedback ?? null,
      ...(message.author_name ? { author: message.author_name } : {}),
    });
  }
  return entries;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function replaceAnswer(
  view: ChatView,
  index: number,
  change: (answer: AnswerEntry) => AnswerEntry,
): ChatView {
  const copy = [...view.entries];
  copy[index] = change(copy[index] as AnswerEntry);
  return { entries: copy };
}

function findLastIndex<T>(items: T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i] as T)) return i;
  return -1;
}
