import { parse } from 'csv-parse/sync';
import type { ParsedDocument } from '../document-block.ts';
import { DocumentParseError } from '../document-parse-error.ts';
import { tableLine } from './table-line.ts';

/** CSV (comma, semicolon or tab, guessed from the first line) as one table whose first row is its header. */
export function parseCsv(text: string): ParsedDocument {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [',', ';', '\t'].reduce((best, candidate) =>
    firstLine.split(candidate).length > firstLine.split(best).length ? candidate : best,
  );
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, bom: true });
  } catch (error) {
    throw new DocumentParseError('corrupt', `The CSV cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const [header, ...rows] = records;
  if (!header) return { title: null, blocks: [] };
  return { title: null, blocks: [{ kind: 'table', header: tableLine(header), rows: rows.map(tableLine) }] };
}
