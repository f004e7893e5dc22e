import type { DocumentBlock, ParsedDocument } from '../document-block.ts';

/**
 * JSON as text a person would read: each top-level key becomes a heading over its content, and every
 * value is written as `path: value` lines; an array of objects gives one paragraph per element.
 */
export function parseJson(text: string): ParsedDocument {
  const value: unknown = JSON.parse(text);
  const blocks: DocumentBlock[] = [];
  if (isRecord(value)) {
    for (const [key, entry] of Object.entries(value)) {
      blocks.push({ kind: 'heading', level: 1, text: key });
      blocks.push(...valueBlocks(entry));
    }
  } else {
    blocks.push(...valueBlocks(value));
  }
  return { title: null, blocks };
}

function valueBlocks(value: unknown): DocumentBlock[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) => valueBlocks(item));
  }
  const text = lines(value, '').join('\n').trim();
  return text ? [{ kind: 'paragraph', text }] : [];
}

function lines(value: unknown, path: string): string[] {
  if (isRecord(value)) {
    return Object.entries(value).flatMap(([key, entry]) => lines(entry, path ? `${path}.${key}` : key));
  }
  if (Array.isArray(value)) {
    return value.every((item) => !isRecord(item) && !Array.isArray(item))
      ? [`${path ? `${path}: ` : ''}${value.map(String).join(', ')}`]
      : value.flatMap((item, index) => lines(item, `${path}[${index}]`));
  }
  if (value === null || value === undefined) return [];
  return [path ? `${path}: ${String(value)}` : String(value)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
