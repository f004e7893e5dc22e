import { diffLines } from 'diff';

/** One line of a diff between two versions: kept, added (only in the newer) or removed (only in the older). */
export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** A line diff of two prompt texts with the counts of added and removed lines. */
export interface VersionDiff {
  lines: DiffLine[];
  added: number;
  removed: number;
}

/**
 * The line-by-line difference from `before` to `after` (jsdiff's `diffLines`, so a moved paragraph is
 * a removal and an addition). A text without a final newline compares equal to the same text with one.
 */
export function versionDiff(before: string, after: string): VersionDiff {
  const lines: DiffLine[] = [];
  let added = 0;
  let removed = 0;
  for (const change of diffLines(withFinalNewline(before), withFinalNewline(after))) {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
    const texts = change.value.replace(/\n$/, '').split('\n');
    for (const text of texts) lines.push({ kind, text });
    if (kind === 'added') added += texts.length;
    if (kind === 'removed') removed += texts.length;
  }
  return { lines, added, removed };
}

function withFinalNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
