import { extractTextItems, getDocumentProxy, type StructuredTextItem } from 'unpdf';
import type { DocumentBlock, ParsedDocument } from '../document-block.ts';
import { DocumentParseError } from '../document-parse-error.ts';

interface Line {
  text: string;
  fontSize: number;
  y: number;
  page: number;
}

/**
 * A PDF through PDF.js (unpdf's serverless build), page by page. A PDF has no headings, only text
 * drawn at some size: a short line set clearly larger than the body text (the most common size) is
 * taken as a heading, larger sizes as higher levels; a vertical gap wider than a line ends a paragraph.
 * Every block keeps its page number for citations.
 */
export async function parsePdf(bytes: Uint8Array): Promise<ParsedDocument> {
  const pages = await readItems(bytes);
  const lines = pages.flatMap((items, index) => linesOf(items, index + 1));
  const body = bodyFontSize(lines);
  const headingSizes = [
    ...new Set(lines.filter((line) => isHeading(line, body)).map((line) => line.fontSize)),
  ].sort((a, b) => b - a);
  const blocks: DocumentBlock[] = [];
  let paragraph: Line[] = [];
  const flush = () => {
    const text = paragraph
      .map((line) => line.text)
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (text && paragraph[0]) blocks.push({ kind: 'paragraph', text, page: paragraph[0].page });
    paragraph = [];
  };
  for (const line of lines) {
    if (isHeading(line, body)) {
      flush();
      const level = Math.min(6, headingSizes.indexOf(line.fontSize) + 1);
      blocks.push({ kind: 'heading', level, text: line.text, page: line.page });
      continue;
    }
    const previous = paragraph.at(-1);
    if (previous && (previous.page !== line.page || previous.y - line.y > line.fontSize * 1.8)) flush();
    paragraph.push(line);
  }
  flush();
  const title = blocks.find((block) => block.kind === 'heading');
  return { title: title?.text ?? null, blocks };
}

async function readItems(bytes: Uint8Array): Promise<StructuredTextItem[][]> {
  try {
    // PDF.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    const document = await getDocumentProxy(new Uint8Array(bytes));
    return (await extractTextItems(document)).items;
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === 'PasswordException') {
      throw new DocumentParseError('encrypted', 'The PDF is password-protected', { cause: error });
    }
    throw new DocumentParseError('corrupt', `The PDF cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function linesOf(items: StructuredTextItem[], page: number): Line[] {
  const lines: Line[] = [];
  let current: Line | null = null;
  for (const item of items) {
    if (!current) current = { text: '', fontSize: 0, y: item.y, page };
    current.text += item.str;
    if (item.str.trim()) current.fontSize = Math.max(current.fontSize, Math.round(item.fontSize * 10) / 10);
    if (item.hasEOL) {
      if (current.text.trim()) lines.push({ ...current, text: current.text.trim() });
      current = null;
    }
  }
  if (current?.text.trim()) lines.push({ ...current, text: current.text.trim() });
  return lines;
}

/** The font size that sets the most characters. */
function bodyFontSize(lines: Line[]): number {
  const characters = new Map<number, number>();
  for (const line of lines)
    characters.set(line.fontSize, (characters.get(line.fontSize) ?? 0) + line.text.length);
  let best = 0;
  let most = -1;
  for (const [size, count] of characters) {
    if (count > most) [best, most] = [size, count];
  }
  return best;
}

function isHeading(line: Line, body: number): boolean {
  return body > 0 && line.fontSize >= body * 1.2 && line.text.length <= 150;
}
