import type { RunNoteParams } from '@renum/contracts';
import { isRunStoryKey, type RunStoryKey, type RunStoryTranslate } from '../i18n/run-story.ts';

/** A platform-written text of a run: its old `content` and, since ADR 0052, its code and values. */
export interface RunNoteSource {
  content?: string | undefined;
  content_code?: string | undefined;
  content_params?: RunNoteParams | undefined;
}

// The reasons the team engine writes after a step's state in `step.ended`'s `outcome`.
const outcomeReasons: Record<string, RunStoryKey> = {
  'no condition holds or an earlier step failed': 'runNote.outcome.noCondition',
};

/**
 * A step's `outcome` ("skipped: <reason>", "failed: <error>", "completed") in the reader's language:
 * the state always, a reason the engine writes from its own list, and an error's text as it came.
 */
export function stepOutcomeText(outcome: string, tr: RunStoryTranslate): string {
  const [state = '', ...rest] = outcome.split(': ');
  const key = `runNote.outcome.${state}`;
  if (!isRunStoryKey(key)) return outcome;
  const detail = rest.join(': ');
  if (!detail) return tr(key);
  const reason = outcomeReasons[detail];
  return `${tr(key)}: ${reason ? tr(reason) : detail}`;
}

/**
 * The text of a run note in the reader's language: the translation of its `content_code` with its
 * values, else (an event stored before codes, or a code this build does not know) the server's `content`.
 */
export function runNoteText(note: RunNoteSource, tr: RunStoryTranslate): string {
  const key = note.content_code ? `runNote.${note.content_code}` : null;
  if (!key || !isRunStoryKey(key)) return note.content ?? '';
  const params = note.content_params;
  if (key === 'runNote.step.ended' && typeof params?.outcome === 'string')
    return tr(key, { ...params, outcome: stepOutcomeText(params.outcome, tr) });
  return tr(key, params);
}
