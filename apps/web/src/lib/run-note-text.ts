import type { RunNoteParams } from '@renum/contracts';
import type { Translate } from '../i18n/i18n.tsx';
import { type MessageKey, messagesEn } from '../i18n/messages-en.ts';

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
export function runNoteText(note: RunNoteSource, t: Translate): string {
  const key = note.content_code ? `runNote.${note.content_code}` : null;
  if (key && key in messagesEn) return t(key as MessageKey, note.content_params);
  return note.content ?? '';
}

/** True when `code` has a translation, so a note with it never shows the server's own words. */
export function isKnownRunNote(code: string): boolean {
  return `runNote.${code}` in messagesEn;
}
