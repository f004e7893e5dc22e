import { fileTypeFromBuffer } from 'file-type';
import { DocumentParseError } from './document-parse-error.ts';

/** The formats a knowledge base reads. */
export const documentFormats = ['pdf', 'docx', 'html', 'markdown', 'csv', 'json', 'text'] as const;
export type DocumentFormat = (typeof documentFormats)[number];

/** The MIME type stored for each format (what the content was sniffed as). */
export const documentMimeTypes: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html',
  markdown: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  text: 'text/plain',
};

/**
 * The format of a document, sniffed from its bytes. The file name only tells text formats apart that the
 * content alone leaves open (a `.md` or `.csv` file that is also plain text); it never makes binary
 * content text, nor text a PDF. Throws {@link DocumentParseError} for what no parser reads: other binary
 * formats, encrypted or legacy Office files (compound documents), and text that is not UTF-8.
 */
export async function sniffDocumentFormat(options: {
  bytes: Uint8Array;
  fileName?: string | null | undefined;
}): Promise<DocumentFormat> {
  const { bytes } = options;
  if (bytes.length === 0) throw new DocumentParseError('empty', 'The document is empty');
  const binary = await fileTypeFromBuffer(bytes);
  if (binary?.ext === 'pdf') return 'pdf';
  if (binary?.ext === 'docx') return 'docx';
  if (binary?.ext === 'cfb') {
    throw new DocumentParseError(
      'encrypted',
      'The file is a password-protected or legacy Office document (compound file); save it as an unprotected .docx',
    );
  }
  const text = decodeText(bytes);
  if (text === null) {
    throw new DocumentParseError(
      'unsupported',
      `Unsupported content${binary ? ` (${binary.mime})` : ''}: use txt, md, html, pdf, docx, csv or json`,
    );
  }
  return textFormat(text, extensionOf(options.fileName));
}

/** The text of UTF-8 bytes without NUL characters (a BOM dropped), or null when they are not text. */
export function decodeText(bytes: Uint8Array): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return text.includes('\u0000') ? null : text;
  } catch {
    // Not UTF-8: the caller reports the content as unsupported.
    return null;
  }
}

function textFormat(text: string, extension: string | null): DocumentFormat {
  const start = text.trimStart().slice(0, 1000);
  if (/^(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(start)) return 'html';
  if ((start.startsWith('{') || start.startsWith('[')) && isJson(text)) return 'json';
  if (extension === 'html' || extension === 'htm') return /<[a-z][^>]*>/i.test(start) ? 'html' : 'text';
  if (extension === 'csv' || extension === 'tsv') return 'csv';
  if (extension === 'md' || extension === 'markdown' || looksLikeMarkdown(start)) return 'markdown';
  return 'text';
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    // Starts like JSON but is not: read as text.
    return false;
  }
}

function looksLikeMarkdown(start: string): boolean {
  return /^#{1,6} \S/m.test(start) || /^```/m.test(start) || /^\|.*\|\s*\n\|[\s:|-]+\|/m.test(start);
}

function extensionOf(fileName: string | null | undefined): string | null {
  const match = fileName?.toLowerCase().match(/\.([a-z0-9]{1,10})$/);
  return match?.[1] ?? null;
}
