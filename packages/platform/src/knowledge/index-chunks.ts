import { documentChunks, documentChunkTerms, knowledgeBases, type Transaction } from '@renum/db';
import { type DocumentChunk, type LexicalAnalyzer, type SearchLanguage, termFrequencies } from '@renum/rag';
import { and, eq, isNull, sql } from 'drizzle-orm';

/**
 * Stores a batch of a document version's chunks with their lexical terms (ADR 0019) and full-text vector.
 * A chunk already stored at its position (an earlier attempt that got this far) is skipped with its
 * terms, so a resumed ingestion never duplicates anything. The terms follow the base's analyzer as this
 * transaction reads it under a key-share lock (ADR 0072), so a re-index of the base's terms, which
 * locks the row for update, never interleaves with the batch: the batch's terms are either re-indexed
 * with the rest or written after the base became `stems`.
 */
export async function indexChunks(
  tx: Transaction,
  options: {
    clientId: string;
    knowledgeBaseId: string;
    documentId: string;
    version: number;
    language: SearchLanguage;
    chunks: readonly DocumentChunk[];
    /** One vector per chunk, in order, for a base with an embedding model. */
    embeddings?: readonly number[][] | undefined;
    newId: () => string;
  },
): Promise<number> {
  if (options.chunks.length === 0) return 0;
  const analyzer = await lockedAnalyzer(tx, options.knowledgeBaseId);
  const prepared = options.chunks.map((chunk) => ({
    chunk,
    terms: termFrequencies(chunkTermText(chunk), options.language, analyzer),
  }));
  const inserted = await tx
    .insert(documentChunks)
    .values(
      prepared.map(({ chunk, terms }, index) => ({
        id: options.newId(),
        client_id: options.clientId,
        knowledge_base_id: options.knowledgeBaseId,
        document_id: options.documentId,
        document_version: options.version,
        position: chunk.position,
        text: chunk.text,
        token_count: chunk.tokenCount,
        heading_path: chunk.headingPath,
        page: chunk.page,
        term_count: terms.length,
        embedding: options.embeddings?.[index] ?? null,
      })),
    )
    .onConflictDoNothing({
      target: [documentChunks.document_id, documentChunks.document_version, documentChunks.position],
    })
    .returning({ id: documentChunks.id, position: documentChunks.position });
  const byPosition = new Map(prepared.map((entry) => [entry.chunk.position, entry.terms]));
  const termRows = inserted.flatMap(({ id, position }) =>
    [...(byPosition.get(position)?.frequencies ?? [])].map(([term, frequency]) => ({
      client_id: options.clientId,
      knowledge_base_id: options.knowledgeBaseId,
      chunk_id: id,
      term,
      frequency,
    })),
  );
  await insertTermRows(tx, termRows);
  await tx.execute(sql`update ${documentChunks} set search_vector = to_tsvector(${options.language}::regconfig, text)
    where ${and(
      eq(documentChunks.document_id, options.documentId),
      eq(documentChunks.document_version, options.version),
      isNull(sql`search_vector`),
    )}`);
  return inserted.length;
}

/** The base's analyzer, read under a key-share lock held until the transaction ends. */
async function lockedAnalyzer(tx: Transaction, knowledgeBaseId: string): Promise<LexicalAnalyzer> {
  const [row] = await tx
    .select({ analyzer: knowledgeBases.lexical_analyzer })
    .from(knowledgeBases)
    .where(eq(knowledgeBases.id, knowledgeBaseId))
    .for('key share');
  return row?.analyzer ?? 'stems';
}

/** Inserts term rows in slices that stay under Postgres' 65 535 bind parameters. */
export async function insertTermRows(
  tx: Transaction,
  rows: ReadonlyArray<typeof documentChunkTerms.$inferInsert>,
): Promise<void> {
  for (let start = 0; start < rows.length; start += 5000) {
    await tx.insert(documentChunkTerms).values(rows.slice(start, start + 5000));
  }
}

/** What the embedding model reads of a chunk: the same as the lexical index. */
export function embeddingText(chunk: DocumentChunk): string {
  return chunkTermText(chunk);
}

/** What the lexical index reads of a chunk: its section titles and its text. */
export function chunkTermText(chunk: Pick<DocumentChunk, 'headingPath' | 'text'>): string {
  return chunk.headingPath.length > 0 ? `${chunk.headingPath.join(' ')}\n${chunk.text}` : chunk.text;
}
