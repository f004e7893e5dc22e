import { describe, expect, it } from 'vitest';
import { chunkDocument, estimateTokens, type ParsedDocument } from '../src/index.ts';

describe('chunkDocument', () => {
  it('starts a chunk at each heading and keeps the heading path and page', () => {
    const document: ParsedDocument = {
      title: null,
      blocks: [
        { kind: 'heading', level: 1, text: 'Manual', page: 1 },
        { kind: 'paragraph', text: 'Intro text.', page: 1 },
        { kind: 'heading', level: 2, text: 'Setup', page: 2 },
        { kind: 'paragraph', text: 'Plug it in.', page: 2 },
        { kind: 'heading', level: 2, text: 'Care', page: 3 },
        { kind: 'list', text: '- Keep dry', page: 3 },
      ],
    };
    expect(
      chunkDocument(document).map(({ text, headingPath, page }) => ({ text, headingPath, page })),
    ).toEqual([
      { text: 'Intro text.', headingPath: ['Manual'], page: 1 },
      { text: 'Plug it in.', headingPath: ['Manual', 'Setup'], page: 2 },
      { text: '- Keep dry', headingPath: ['Manual', 'Care'], page: 3 },
    ]);
  });

  it('splits a long section near the target size, with overlap, and never mid-word', () => {
    const sentences = Array.from(
      { length: 60 },
      (_, index) => `Sentence number ${index} talks about topic ${index}.`,
    );
    const chunks = chunkDocument(
      { title: null, blocks: [{ kind: 'paragraph', text: sentences.join(' ') }] },
      { targetTokens: 60, overlapTokens: 12 },
    );
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.tokenCount).toBeLessThanOrEqual(60 + 12);
    for (const [index, chunk] of chunks.entries()) {
      expect(chunk.position).toBe(index);
      const next = chunks[index + 1];
      // The next chunk begins with the last sentence of this one.
      if (next) expect(chunk.text.endsWith(next.text.split('\n\n')[0] ?? '-')).toBe(true);
    }
    const all = chunks.map((chunk) => chunk.text).join(' ');
    for (const sentence of sentences) expect(all).toContain(sentence);
  });

  it('repeats a table header in every chunk that holds its rows', () => {
    const rows = Array.from({ length: 40 }, (_, index) => `| Product ${index} | R$ ${index * 10} |`);
    const chunks = chunkDocument(
      { title: null, blocks: [{ kind: 'table', header: '| Product | Price |', rows }] },
      { targetTokens: 50 },
    );
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.text.startsWith('| Product | Price |\n')).toBe(true);
      expect(estimateTokens(chunk.text)).toBeLessThanOrEqual(50 + 10);
    }
    expect(chunks.flatMap((chunk) => chunk.text.split('\n').slice(1))).toEqual(rows);
  });

  it('keeps a code block whole when it fits', () => {
    const code = 'const a = 1;\nconst b = 2;';
    const [chunk] = chunkDocument({ title: null, blocks: [{ kind: 'code', text: code }] });
    expect(chunk?.text).toBe(code);
  });
});
