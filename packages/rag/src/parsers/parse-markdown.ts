import { lexer, type Token, type Tokens } from 'marked';
import type { DocumentBlock, ParsedDocument } from '../document-block.ts';
import { tableLine } from './table-line.ts';

/** Markdown by its structure (marked's lexer): headings, paragraphs, lists, tables, code blocks. */
export function parseMarkdown(text: string): ParsedDocument {
  const blocks: DocumentBlock[] = [];
  for (const token of lexer(text)) blocks.push(...blocksOf(token));
  const title = blocks.find((block) => block.kind === 'heading' && block.level === 1);
  return { title: title && title.kind === 'heading' ? title.text : null, blocks };
}

function blocksOf(token: Token): DocumentBlock[] {
  switch (token.type) {
    case 'heading':
      return [{ kind: 'heading', level: (token as Tokens.Heading).depth, text: plain(token.text) }];
    case 'paragraph':
    case 'blockquote':
    case 'text':
      return nonEmpty('paragraph', plain((token as Tokens.Paragraph).text));
    case 'list':
      return nonEmpty(
        'list',
        (token as Tokens.List).items.map((item) => `- ${plain(item.text).replace(/\n+/g, ' ')}`).join('\n'),
      );
    case 'code':
      return nonEmpty('code', (token as Tokens.Code).text);
    case 'table': {
      const table = token as Tokens.Table;
      return [
        {
          kind: 'table',
          header: tableLine(table.header.map((cell) => plain(cell.text))),
          rows: table.rows.map((row) => tableLine(row.map((cell) => plain(cell.text)))),
        },
      ];
    }
    case 'html':
      return nonEmpty('paragraph', (token as Tokens.HTML).text.replace(/<[^>]+>/g, ' ').trim());
    default:
      return [];
  }
}

function nonEmpty(kind: 'paragraph' | 'list' | 'code', text: string): DocumentBlock[] {
  return text.trim() ? [{ kind, text: text.trim() }] : [];
}

/** Inline Markdown reduced to its words: links keep their text, emphasis and code marks go. */
function plain(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|_|`)(\S(?:.*?\S)?)\1/g, '$2')
    .trim();
}
