import { documents } from '@renum/db';
import { getTableColumns } from 'drizzle-orm';

const { content: _content, ...columns } = getTableColumns(documents);

/** Every column of `documents` but its bytes: what lists and status reads select. */
export const documentColumns = columns;

/** A document row without its bytes. */
export type DocumentRow = Omit<typeof documents.$inferSelect, 'content'>;
