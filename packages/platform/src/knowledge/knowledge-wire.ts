import type { KnowledgeBase, KnowledgeDocument } from '@renum/contracts';
import type { documents, knowledgeBases } from '@renum/db';
import { toWire } from '../wire.ts';
import type { DocumentRow } from './document-columns.ts';

/** A knowledge base row as the API answers it. */
export function knowledgeBaseToWire(
  row: typeof knowledgeBases.$inferSelect,
  documentCount: number,
): KnowledgeBase {
  const { client_id: _client, ...rest } = toWire(row);
  return { ...rest, lexical_only: row.embedding_model === null, document_count: documentCount };
}

/** A document row as the API answers it: never its bytes. */
export function documentToWire(row: DocumentRow | typeof documents.$inferSelect): KnowledgeDocument {
  const { client_id: _client, indexed_version: _indexed, ...rest } = toWire(row);
  if ('content' in rest) delete (rest as { content?: unknown }).content;
  return rest;
}
