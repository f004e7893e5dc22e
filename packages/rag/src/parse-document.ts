import type { ParsedDocument } from './document-block.ts';
import { type DocumentFormat, decodeText } from './document-format.ts';
import { DocumentParseError } from './document-parse-error.ts';
import { parseCsv } from './parsers/parse-csv.ts';
import { parseDocx } from './parsers/parse-docx.ts';
import { parseHtml } from './parsers/parse-html.ts';
import { parseJson } from './parsers/parse-json.ts';
import { parseMarkdown } from './parsers/parse-markdown.ts';
import { parsePdf } from './parsers/parse-pdf.ts';
import { parseText } from './parsers/parse-text.ts';

/**
 * Parses a document of a sniffed format into blocks. Throws {@link DocumentParseError} when the bytes are
 * corrupt, encrypted or hold no text at all, so that one bad file fails its own document and nothing else.
 */
export async function parseDocument(options: {
  bytes: Uint8Array;
  format: DocumentFormat;
}): Promise<ParsedDocument> {
  const parsed = await parseByFormat(options);
  if (parsed.blocks.length === 0) {
    throw new DocumentParseError(
      'empty',
      options.format === 'pdf'
        ? 'The PDF has no text layer (a scan?): nothing to index'
        : 'The document has no text',
    );
  }
  return parsed;
}

async function parseByFormat({ bytes, format }: { bytes: Uint8Array; format: DocumentFormat }) {
  switch (format) {
    case 'pdf':
      return parsePdf(bytes);
    case 'docx':
      return parseDocx(bytes);
    default: {
      const text = decodeText(bytes);
      if (text === null) throw new DocumentParseError('unsupported', 'The document is not UTF-8 text');
      return parseTextual(text, format);
    }
  }
}

function parseTextual(text: string, format: Exclude<DocumentFormat, 'pdf' | 'docx'>): ParsedDocument {
  switch (format) {
    case 'html':
      return parseHtml(text);
    case 'markdown':
      return parseMarkdown(text);
    case 'csv':
      return parseCsv(text);
    case 'json':
      try {
        return parseJson(text);
      } catch (error) {
        throw new DocumentParseError('corrupt', `The JSON cannot be read: ${(error as Error).message}`, {
          cause: error,
        });
      }
    case 'text':
      return parseText(text);
  }
}
