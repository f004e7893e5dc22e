import { createHash } from 'node:crypto';

/**
 * How streamed text is cut into deltas: `word` (each word with its leading whitespace), `char`,
 * `none` (one delta), or a number of characters per delta.
 */
export type Chunking = 'word' | 'char' | 'none' | number;

/** Splits text into stream deltas; the deltas always concatenate back to `text`. */
export function splitText(text: string, chunking: Chunking = 'word'): string[] {
  if (text.length === 0) return [];
  if (chunking === 'none') return [text];
  if (chunking === 'char') return Array.from(text);
  if (typeof chunking === 'number') {
    const size = Math.max(1, Math.floor(chunking));
    const parts: string[] = [];
    for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
    return parts;
  }
  return text.match(/\s*\S+|\s+$/g) ?? [text];
}

/** Deterministic token estimate (about four characters per token, at least 1). */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Stable hex digest of a string (sha256), truncated to `length` characters. */
export function hashHex(text: string, length = 16): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** Stable pseudo-random number in [0, 1) derived from a string. */
export function hashFraction(text: string): number {
  return Number.parseInt(hashHex(text, 8), 16) / 0x1_0000_0000;
}

/** Lower-case, dash-separated slug of a text (max 60 characters). */
export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug.length > 0 ? slug : 'item';
}

/** Makes sequential ids like `prefix0001`, per fake instance so runs are deterministic. */
export function idSequence(prefix: string): () => string {
  let next = 0;
  return () => {
    next += 1;
    return `${prefix}${String(next).padStart(4, '0')}`;
  };
}

/** Unix time in whole seconds. */
export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
