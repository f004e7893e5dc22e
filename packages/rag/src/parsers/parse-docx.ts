import mammoth from 'mammoth';
import type { ParsedDocument } from '../document-block.ts';
import { DocumentParseError } from '../document-parse-error.ts';
import { parseHtml } from './parse-html.ts';

/** A Word document through mammoth's semantic HTML (headings, lists, tables), then read as HTML. */
export async function parseDocx(bytes: Uint8Array): Promise<ParsedDocument> {
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }));
  } catch (error) {
    throw new DocumentParseError('corrupt', `The Word document cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseHtml(`<body>${html}</body>`);
}
