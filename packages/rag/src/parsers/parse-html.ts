import { type CheerioAPI, load } from 'cheerio/slim';
import type { Element } from 'domhandler';
import type { DocumentBlock, ParsedDocument } from '../document-block.ts';
import { tableLine } from './table-line.ts';

/** Page furniture that is never content: navigation, scripts, forms, banners. */
const noise =
  'script, style, noscript, template, iframe, svg, form, nav, header, footer, aside, [role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true]';
const blockSelector = 'h1, h2, h3, h4, h5, h6, p, ul, ol, pre, table, blockquote, dl';

/**
 * HTML by its structure, without the page's navigation and scripts: the `main` (or `article`) element
 * when there is one, else the body; headings, paragraphs, lists, tables (with their header row) and
 * preformatted code. Text that sits in no such element (a bare `div`) is kept as paragraphs.
 */
export function parseHtml(html: string): ParsedDocument {
  const $ = load(html);
  const title = $('title').first().text().trim() || $('h1').first().text().trim() || null;
  $(noise).remove();
  const root = $('main').first().length
    ? $('main').first()
    : $('article').first().length
      ? $('article').first()
      : $('body');
  const blocks: DocumentBlock[] = [];
  const blockElements = root
    .find(blockSelector)
    .filter((_, element) => $(element).parents(blockSelector).length === 0);
  if (blockElements.length === 0) {
    const text = squeeze(root.text());
    return { title, blocks: text ? [{ kind: 'paragraph', text }] : [] };
  }
  blockElements.each((_, element) => {
    blocks.push(...blocksOf($, element));
  });
  return { title, blocks };
}

function blocksOf($: CheerioAPI, element: Element): DocumentBlock[] {
  const node = $(element);
  const tag = element.tagName.toLowerCase();
  if (/^h[1-6]$/.test(tag)) {
    const text = squeeze(node.text());
    return text ? [{ kind: 'heading', level: Number(tag[1]), text }] : [];
  }
  if (tag === 'ul' || tag === 'ol') {
    const items = node
      .find('li')
      .map((_, item) => squeeze($(item).text()))
      .get()
      .filter(Boolean);
    return items.length ? [{ kind: 'list', text: items.map((item) => `- ${item}`).join('\n') }] : [];
  }
  if (tag === 'pre') {
    const text = node.text().trim();
    return text ? [{ kind: 'code', text }] : [];
  }
  if (tag === 'table') return tableBlocks($, element);
  const text = squeeze(node.text());
  return text ? [{ kind: 'paragraph', text }] : [];
}

function tableBlocks($: CheerioAPI, element: Element): DocumentBlock[] {
  const rows = $(element)
    .find('tr')
    .map((_, row) => [
      $(row)
        .children('th, td')
        .map((__, cell) => squeeze($(cell).text()))
        .get(),
    ])
    .get() as string[][];
  const [header, ...body] = rows.filter((row) => row.length > 0);
  if (!header) return [];
  return [{ kind: 'table', header: tableLine(header), rows: body.map(tableLine) }];
}

function squeeze(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
