import { createHash, randomUUID } from 'node:crypto';
import { type DatabaseHandle, documents, knowledgeBases, type Transaction, withClient } from '@renum/db';
import { testDatabaseTargets } from '@renum/testing';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexChunks } from '../src/knowledge/index-chunks.ts';
import { bm25Statement, bm25WithVotes } from '../src/knowledge/lexical-search.ts';
import { newTestClient } from './prompt-templates-fixtures.ts';

/** One node of an `EXPLAIN (FORMAT JSON)` plan, with the fields read here. */
interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

for (const target of testDatabaseTargets()) {
  // Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
  describe.skipIf(target.skipReason !== null)(`the lexical index's statement (${target.name})`, () => {
    let handle: DatabaseHandle;
    let clientId: string;
    let baseId: string;
    let documentId: string;

    beforeAll(async () => {
      handle = await target.open();
      // Another client's chunks with the same words: row-level security keeps them out of every read.
      await fillBase(await newBase(), ['girassol azul', 'girassol amarelo']);
      ({ clientId, id: baseId } = await newBase());
      documentId = await fillBase({ clientId, id: baseId }, [
        'girassol azul do cofre',
        'cofre de aço',
        'azul',
      ]);
      // What autovacuum does on a server: the visibility map lets index-only scans skip the heap.
      await handle.query('vacuum analyze document_chunk_terms');
      await handle.query('vacuum analyze document_chunks');
    });
    afterAll(async () => handle?.close());

    const search = (terms: string[]) =>
      withClient(handle.db, clientId, (tx) =>
        bm25WithVotes(tx, { knowledgeBaseIds: [baseId], terms, limit: 10 }),
      );

    it('reads the term rows and the live chunks through index-only scans of the covering indexes', async () => {
      const nodes = await withClient(handle.db, clientId, async (tx) => {
        // Tiny tables would be read sequentially: this asks which index plan exists, not which is cheapest.
        await tx.execute(sql`select set_config('enable_seqscan', 'off', true)`);
        await tx.execute(sql`select set_config('enable_bitmapscan', 'off', true)`);
        const statement = bm25Statement({
          knowledgeBaseIds: [baseId],
          terms: ['girassol', 'cofre'],
          limit: 10,
        });
        const { rows } = (await tx.execute(sql`explain (format json) ${statement}`)) as unknown as {
          rows: Array<{ 'QUERY PLAN': unknown }>;
        };
        const plan = rows[0]?.['QUERY PLAN'];
        const parsed = (typeof plan === 'string' ? JSON.parse(plan) : plan) as Array<{ Plan: PlanNode }>;
        return planNodes(parsed[0]?.Plan as PlanNode);
      });
      const reads = (relation: string) =>
        nodes.filter((node) => node['Relation Name'] === relation).map((node) => node['Node Type']);
      expect(reads('document_chunk_terms')).toEqual(['Index Only Scan']);
      expect(nodes.map((node) => node['Index Name'])).toEqual(
        expect.arrayContaining(['idx_document_chunk_terms_covering', 'idx_document_chunks_live']),
      );
      // The base's chunks once through the covering index; the 10 found read whole through the key.
      expect(reads('document_chunks').sort()).toEqual(['Index Only Scan', 'Index Scan']);
    });

    it('scores only the indexed version: a re-ingestion in progress changes nothing until it is done', async () => {
      const before = await search(['girassol', 'cofre']);
      expect(before.rows.map((row) => row.text)).toEqual(['girassol azul do cofre', 'cofre de aço']);
      // Version 2 is being ingested: its chunks are stored, the document still points at version 1.
      await withClient(handle.db, clientId, async (tx) => {
        await tx.update(documents).set({ version: 2 }).where(eq(documents.id, documentId));
        await storeChunks(tx, { clientId, id: baseId }, documentId, 2, ['cofre cofre girassol', 'girassol']);
      });
      const during = await search(['girassol', 'cofre']);
      expect(during.rows.map((row) => [row.chunk_id, row.score])).toEqual(
        before.rows.map((row) => [row.chunk_id, row.score]),
      );
      await withClient(handle.db, clientId, (tx) =>
        tx.update(documents).set({ indexed_version: 2 }).where(eq(documents.id, documentId)),
      );
      const after = await search(['girassol', 'cofre']);
      expect(after.rows.map((row) => row.text)).toEqual(['cofre cofre girassol', 'girassol']);
    });

    async function newBase() {
      const { owner } = await newTestClient(handle.db);
      const client = owner.clientId as string;
      const id = randomUUID();
      await withClient(handle.db, client, (tx) =>
        tx.insert(knowledgeBases).values({ id, client_id: client, name: 'Base', language: 'simple' }),
      );
      return { clientId: client, id };
    }

    async function fillBase(base: { clientId: string; id: string }, texts: string[]) {
      const id = randomUUID();
      await withClient(handle.db, base.clientId, async (tx) => {
        await tx.insert(documents).values({
          id,
          client_id: base.clientId,
          knowledge_base_id: base.id,
          kind: 'text',
          title: 'Document',
          checksum: createHash('sha256').update(id).digest('hex'),
          status: 'ready',
          indexed_version: 1,
        });
        await storeChunks(tx, base, id, 1, texts);
      });
      return id;
    }
  });
}

async function storeChunks(
  tx: Transaction,
  base: { clientId: string; id: string },
  documentId: string,
  version: number,
  texts: string[],
) {
  await indexChunks(tx, {
    clientId: base.clientId,
    knowledgeBaseId: base.id,
    documentId,
    version,
    language: 'simple',
    chunks: texts.map((text, position) => ({ position, text, tokenCount: 5, headingPath: [], page: null })),
    newId: randomUUID,
  });
}
