import type { ParsedDocument } from '../document-block.ts';

/** Plain text: paragraphs separated by blank lines. */
export function parseText(text: string): ParsedDocument {
  const blocks = text
    .split(/\r?\n\s*\r?\n/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => ({ kind: 'paragraph' as const, text: part }));
  return { title: null, blocks };
}
