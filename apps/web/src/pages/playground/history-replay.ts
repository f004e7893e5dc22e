import type { RunEvent } from '@renum/contracts';
import { type AnswerEntry, type ChatView, chatReducer, emptyChatView } from './chat-view.ts';

/**
 * A reopened conversation as the live view showed it: a finished run's stored events replayed through
 * the same reducer give its answer the routing chips (matched topics), tool durations, and its end
 * (stopped, failed with the error) that stored messages alone do not keep. The stored answer keeps its
 * message id and citations; a run that ended without a stored answer (stopped early, failed) gets its
 * entry after the person's message. A run still going, or one without events, leaves the view as is.
 */
export function withReplayedRun(view: ChatView, runId: string, events: RunEvent[]): ChatView {
  const replayed = events
    .reduce<ChatView>((acc, event) => chatReducer(acc, { type: 'event', event }), emptyChatView)
    .entries.find((entry): entry is AnswerEntry => entry.kind === 'answer' && entry.runId === runId);
  if (!replayed || replayed.state === 'running') return view;
  const entries = [...view.entries];
  const index = entries.findIndex((entry) => entry.kind === 'answer' && entry.runId === runId);
  if (index >= 0) {
    const stored = entries[index] as AnswerEntry;
    entries[index] = {
      ...stored,
      blocks: replayed.blocks.length > 0 ? replayed.blocks : stored.blocks,
      state: replayed.state,
      error: replayed.error,
      usage: replayed.usage,
      lastSeq: replayed.lastSeq,
    };
    return { entries };
  }
  const asked = entries.findIndex((entry) => entry.kind === 'user' && entry.runId === runId);
  if (asked < 0) return view;
  entries.splice(asked + 1, 0, { ...replayed, id: `run:${runId}` });
  return { entries };
}

/** The runs whose answers a reopened conversation replays: those its messages name, newest `limit`. */
export function runsToReplay(
  messages: Array<{ run_id: string | null }>,
  skip: string | null,
  limit = 20,
): string[] {
  const ids = [...new Set(messages.map((message) => message.run_id).filter((id) => id !== null))];
  return ids.filter((id) => id !== skip).slice(-limit);
}
