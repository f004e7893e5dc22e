/** One structural unit of a parsed document, in reading order. */
export type DocumentBlock =
  | { kind: 'heading'; level: number; text: string; page?: number | undefined }
  | { kind: 'paragraph' | 'list' | 'code'; text: string; page?: number | undefined }
  /** A table: its header line is repeated at the top of every chunk that holds some of its rows. */
  | { kind: 'table'; header: string; rows: string[]; page?: number | undefined };

/** What a parser gives: the document's own title when it has one, and its blocks. */
export interface ParsedDocument {
  title: string | null;
  blocks: DocumentBlock[];
}
