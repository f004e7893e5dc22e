import type { DocumentBlock, ParsedDocument } from './document-block.ts';
import { estimateTokens } from './estimate-tokens.ts';

/** How documents are cut. */
export interface ChunkingOptions {
  /** Estimated tokens a chunk aims at. @defaultValue 350 */
  targetTokens?: number | undefined;
  /** Estimated tokens of the previous chunk's end repeated at the start of the next, within a section. @defaultValue 40 */
  overlapTokens?: number | undefined;
}

/** One passage of a document, as stored and cited. */
export interface DocumentChunk {
  /** 0-based order in the document. */
  position: number;
  text: string;
  tokenCount: number;
  /** Titles of the sections it sits in, outermost first. */
  headingPath: string[];
  /** Page of its first block (PDF), else null. */
  page: number | null;
}

interface Piece {
  text: string;
  page: number | null;
  /** A table's header line, repeated when the table continues in the next chunk. */
  tableHeader?: string | undefined;
}

/**
 * Cuts a parsed document into chunks that follow its structure: a heading starts a new chunk and sets the
 * heading path of what follows; paragraphs, lists, code blocks and table rows are packed whole up to the
 * target size; a block larger than a chunk is split by sentences (by lines for code and tables, whose
 * header row starts every chunk holding its rows). Within a section, consecutive chunks overlap by the
 * last sentences of the previous one.
 */
export function chunkDocument(document: ParsedDocument, options: ChunkingOptions = {}): DocumentChunk[] {
  const target = options.targetTokens ?? 350;
  const overlap = options.overlapTokens ?? 40;
  const chunks: DocumentChunk[] = [];
  const headings: Array<{ level: number; text: string }> = [];
  let pieces: Piece[] = [];
  let size = 0;
  const flush = (carryOverlap: boolean) => {
    if (pieces.length === 0) return;
    const text = joinPieces(pieces);
    chunks.push({
      position: chunks.length,
      text,
      tokenCount: estimateTokens(text),
      headingPath: headings.map((heading) => heading.text),
      page: pieces.find((piece) => piece.page !== null)?.page ?? null,
    });
    const last = pieces.at(-1);
    pieces = carryOverlap && overlap > 0 && last && !last.tableHeader ? [tail(last, overlap)] : [];
    size = pieces.reduce((sum, piece) => sum + estimateTokens(piece.text), 0);
  };
  for (const block of document.blocks) {
    if (block.kind === 'heading') {
      flush(false);
      while ((headings.at(-1)?.level ?? 0) >= block.level) headings.pop();
      headings.push({ level: block.level, text: block.text });
      continue;
    }
    for (const piece of piecesOf(block, target)) {
      const tokens = estimateTokens(piece.text);
      if (size > 0 && size + tokens > target) {
        flush(true);
        if (piece.tableHeader && !piece.text.startsWith(piece.tableHeader)) {
          pieces.push({ text: piece.tableHeader, page: piece.page, tableHeader: piece.tableHeader });
          size += estimateTokens(piece.tableHeader);
        }
      }
      pieces.push(piece);
      size += tokens;
    }
  }
  flush(false);
  return chunks;
}

/** A block as pieces no larger than a chunk. */
function piecesOf(block: Exclude<DocumentBlock, { kind: 'heading' }>, target: number): Piece[] {
  const page = block.page ?? null;
  if (block.kind === 'table') {
    // The header travels with the first rows; the chunker repeats it when the rows go on in another chunk.
    const rows = block.rows.map((row) => ({ text: row, page, tableHeader: block.header }));
    const [first, ...rest] = rows;
    return first
      ? [{ ...first, text: `${block.header}\n${first.text}` }, ...rest]
      : [{ text: block.header, page }];
  }
  if (estimateTokens(block.text) <= target) return [{ text: block.text, page }];
  const units = block.kind === 'paragraph' ? sentences(block.text) : block.text.split('\n');
  const separator = block.kind === 'paragraph' ? ' ' : '\n';
  const pieces: Piece[] = [];
  let current = '';
  for (const unit of units.flatMap((item) => splitWords(item, target))) {
    const next = current ? `${current}${separator}${unit}` : unit;
    if (current && estimateTokens(next) > target) {
      pieces.push({ text: current, page });
      current = unit;
    } else {
      current = next;
    }
  }
  if (current) pieces.push({ text: current, page });
  return pieces;
}

/** Pieces of one table are lines of it; other pieces are paragraphs. */
function joinPieces(pieces: Piece[]): string {
  return pieces
    .map((piece, index) => {
      const previous = pieces[index - 1];
      if (!previous) return piece.text;
      const sameTable = piece.tableHeader !== undefined && previous.tableHeader === piece.tableHeader;
      return `${sameTable ? '\n' : '\n\n'}${piece.text}`;
    })
    .join('');
}

function sentences(text: string): string[] {
  return text.split(/(?<=[.!?;:])\s+(?=\S)/u);
}

/** A unit still larger than a chunk (a sentence without stops) cut by words. */
function splitWords(unit: string, target: number): string[] {
  if (estimateTokens(unit) <= target) return [unit];
  const words = unit.split(/\s+/);
  const parts: string[] = [];
  let current: string[] = [];
  for (const word of words) {
    if (current.length > 0 && estimateTokens([...current, word].join(' ')) > target) {
      parts.push(current.join(' '));
      current = [];
    }
    current.push(word);
  }
  if (current.length > 0) parts.push(current.join(' '));
  return parts;
}

/** The end of a piece, whole sentences up to about `tokens`, as the next chunk's overlap. */
function tail(piece: Piece, tokens: number): Piece {
  const parts = sentences(piece.text);
  const kept: string[] = [];
  for (let index = parts.length - 1; index >= 0; index -= 1) {
    const part = parts[index] ?? '';
    if (kept.length > 0 && estimateTokens([part, ...kept].join(' ')) > tokens) break;
    kept.unshift(part);
  }
  const text = kept.join(' ');
  const words = text.split(/\s+/);
  // One long sentence: keep its last words only.
  const trimmed =
    estimateTokens(text) > tokens * 2 ? words.slice(-Math.max(1, Math.floor(tokens * 0.75))).join(' ') : text;
  return { text: trimmed, page: piece.page };
}
