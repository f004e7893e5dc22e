import type { RunNoteParams } from '@renum/contracts';
import { isRunStoryKey, type RunStoryTranslate } from '../i18n/run-story.ts';

/** A platform-written text of a run: its old `content` and, since ADR 0052, its code and values. */
export interface RunNoteSource {
  content?: string | undefined;
  content_code?: string | undefined;
  content_params?: RunNoteParams | undefined;
}

/**
 * The text of a run note in the reader's language: the translation of its `content_code` with its
 * values, else (an event stored before codes, or a code this build does not know) the server's `content`.
 */
export function runNoteText(note: RunNoteSource, tr: RunStoryTranslate): string {
  const key = note.content_code ? `runNote.${note.content_code}` : null;
  if (key && isRunStoryKey(key)) return tr(key, note.content_params);
  return note.content ?? '';
}
