import { documentChunks, usageLogs, withClient } from '@renum/db';
import { vectorHits } from '@renum/platform';
import { type FakeOpenAI, startFakeOpenAI, testDatabaseTargets } from '@renum/testing';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledDocument } from './knowledge-test-kit.ts';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

// Vector search needs pgvector: PGlite has it; this machine's Postgres 15 does not (checked below).
const [pglite, postgres] = testDatabaseTargets();
const model = 'openai/text-embedding-3-small';

const manual = `# Manual do liquidificador

## Garantia

O motor tem garantia de dois anos contra defeitos de fabricação.

## Limpeza

Lave o copo com água morna e sabão neutro logo depois do uso.`;

describe('knowledge bases with embeddings (hybrid retrieval on PGlite pgvector)', () => {
  let fake: FakeOpenAI;
  let t: TestApp;
  let owner: TestSession;
  let other: TestSession;
  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: 'sk-platform' });
    t = await createTestApp(pglite!, {
      models: { openai: { apiKey: 'sk-platform', baseURL: fake.baseURL } },
    });
    [owner, other] = [await t.signup(), await t.signup()];
  }, 180_000); // A loaded 2-core machine took over 60 s to boot the app on PGlite.
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  const createBase = (token: string, body: Record<string, unknown>) =>
    t.request({ method: 'POST', url: '/v1/knowledge-bases', token, body: { name: 'Manual', ...body } });
  const ingest = async (token: string, baseId: string) => {
    const added = await t.request({
      method: 'POST',
      url: `/v1/knowledge-bases/${baseId}/documents`,
      token,
      body: { kind: 'text', title: 'Manual', text: manual },
    });
    expect(added.statusCode).toBe(201);
    return settledDocument(t, { token, baseId, documentId: added.json().document.id });
  };
  const search = (token: string, baseId: string, body: Record<string, unknown>) =>
    t.request({ method: 'POST', url: `/v1/knowledge-bases/${baseId}/search`, token, body });

  it('embeds chunks in batches, finds them by both halves, and meters ingestion and queries', async () => {
    const created = await createBase(owner.accessToken, { embedding_model: model });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ embedding_model: model, lexical_only: false });
    const base = created.json();
    const document = await ingest(owner.accessToken, base.id);
    expect(document).toMatchObject({ status: 'ready', chunks_total: 2 });
    const stored = await withClient(t.deps.db, owner.clientId ?? '', (tx) =>
      tx
        .select({ dimensions: sql<number>`cardinality(${documentChunks.embedding})` })
        .from(documentChunks)
        .where(eq(documentChunks.document_id, document.id)),
    );
    expect(stored.map((row) => row.dimensions)).toEqual([1536, 1536]);

    const vector = await search(owner.accessToken, base.id, { query: 'garantia do motor', mode: 'vector' });
    expect(vector.statusCode).toBe(200);
    expect(vector.json().results[0]).toMatchObject({ found_by: ['vector'], lexical_score: null });
    expect(vector.json().results[0].text).toContain('dois anos');
    expect(vector.json().results[0].vector_score).toBeGreaterThan(0.2);

    const hybrid = await search(owner.accessToken, base.id, { query: 'garantia do motor' });
    expect(hybrid.json()).toMatchObject({ mode: 'hybrid', lexical_only: false });
    expect(hybrid.json().results[0].found_by).toEqual(['lexical', 'vector']);
    expect(hybrid.json().results[0].text).toContain('dois anos');

    const ledger = await withClient(t.deps.db, owner.clientId ?? '', (tx) =>
      tx.select().from(usageLogs).where(eq(usageLogs.knowledge_base_id, base.id)),
    );
    const ingestion = ledger.filter((row) => row.document_id === document.id);
    expect(ingestion).toHaveLength(1);
    expect(ingestion[0]).toMatchObject({
      kind: 'embedding',
      model_provider: 'openai',
      model_name: 'text-embedding-3-small',
      api_key_type: 'platform',
      request_data: { purpose: 'ingestion', inputs: 2 },
    });
    expect(ingestion[0]!.tokens_input).toBeGreaterThan(10);
    expect(Number(ingestion[0]!.cost_usd)).toBeGreaterThan(0);
    // Two searches embedded their query; the lexical-only mode would not have.
    expect(ledger.filter((row) => row.document_id === null)).toHaveLength(2);
    const embeddingCalls = fake.requests.filter((request) => request.path === '/v1/embeddings');
    expect(embeddingCalls).toHaveLength(3);
    const usage = await t.request({
      method: 'GET',
      url: `/v1/knowledge-bases/${base.id}/usage`,
      token: owner.accessToken,
    });
    expect(usage.json()).toMatchObject({ queries: 2, spend: { embedding_calls: 3, page_fetches: 0 } });
    expect(usage.json().spend.embedding_cost_usd).toBeGreaterThan(0);
  });

  it('never returns another client’s chunks through the vector index', async () => {
    const mine = (await createBase(owner.accessToken, { name: 'Mine', embedding_model: model })).json();
    const theirs = (await createBase(other.accessToken, { name: 'Theirs', embedding_model: model })).json();
    await ingest(owner.accessToken, mine.id);
    await ingest(other.accessToken, theirs.id);
    const found = await search(other.accessToken, theirs.id, { query: 'garantia do motor', mode: 'vector' });
    const ids = found.json().results.map((hit: { knowledge_base_id: string }) => hit.knowledge_base_id);
    expect(new Set(ids)).toEqual(new Set([theirs.id]));
    expect((await search(other.accessToken, mine.id, { query: 'garantia' })).statusCode).toBe(404);
    // Asked for the owner's base straight at the index, in the other client's scope: row-level security
    // answers nothing (the base filter alone would have let the owner's chunks through).
    const probe = Array.from({ length: 1536 }, (_, index) => (index % 7) / 7);
    const leaked = await withClient(t.deps.db, other.clientId ?? '', (tx) =>
      vectorHits(tx, { knowledgeBaseIds: [mine.id], vector: probe, limit: 10 }),
    );
    expect(leaked).toEqual([]);
    const own = await withClient(t.deps.db, owner.clientId ?? '', (tx) =>
      vectorHits(tx, { knowledgeBaseIds: [mine.id], vector: probe, limit: 10 }),
    );
    expect(own.length).toBeGreaterThan(0);
  });

  it('scans a small base exactly instead of walking the shared HNSW index, with the same answer (ADR 0065)', async () => {
    const base = (await createBase(owner.accessToken, { name: 'Pequena', embedding_model: model })).json();
    await ingest(owner.accessToken, base.id);
    const probe = Array.from({ length: 1536 }, (_, index) => ((index * 13) % 11) / 11);
    const hits = (strategy: 'auto' | 'exact' | 'index') =>
      withClient(t.deps.db, owner.clientId ?? '', (tx) =>
        vectorHits(tx, { knowledgeBaseIds: [base.id], vector: probe, limit: 3, strategy }),
      );
    // Index scans counted by Postgres's statistics (flushed on demand): the HNSW walk shows as one more.
    const walks = async () => {
      await t.deps.db.execute(sql`select pg_stat_force_next_flush()`);
      const { rows } = (await t.deps.db.execute(
        sql`select idx_scan from pg_stat_user_indexes where indexrelname = 'idx_document_chunks_embedding_1536'`,
      )) as unknown as { rows: Array<{ idx_scan: number | string }> };
      return Number(rows[0]?.idx_scan ?? Number.NaN);
    };
    const before = await walks();
    const auto = await hits('auto');
    expect(await walks()).toBe(before);
    expect(auto.map((hit) => hit.chunk_id)).toEqual((await hits('exact')).map((hit) => hit.chunk_id));
    expect(auto.length).toBeGreaterThan(0);
    await hits('index');
    expect(await walks()).toBe(before + 1);
  });

  it('applies feedback to a chunk only the vector half found, with and without lexical hits (ADR 0059)', async () => {
    const base = (await createBase(owner.accessToken, { name: 'Votos', embedding_model: model })).json();
    await ingest(owner.accessToken, base.id);
    const hybrid = async () =>
      (await search(owner.accessToken, base.id, { query: 'garantia do motor' })).json().results as Array<{
        chunk_id: string;
        found_by: string[];
        feedback_prior: number;
      }>;
    const before = await hybrid();
    const vectorOnly = before.find((hit) => hit.found_by.join() === 'vector');
    const both = before.find((hit) => hit.found_by.includes('lexical'));
    expect(vectorOnly?.feedback_prior).toBe(0);
    // A disliked answer that used the chunk only the vector half finds (stored as the feedback route does).
    const agent = await t.createAgent(owner.accessToken, {
      name: 'Votos',
      model: 'openai/gpt-4o-mini',
      system_prompt: 'Você ajuda.',
    });
    fake.enqueueTurn({ text: 'Lave o copo.' });
    const conversationId = await t.openConversation(owner.accessToken, agent.id);
    await t.request({
      method: 'POST',
      url: `/v1/conversations/${conversationId}/messages`,
      token: owner.accessToken,
      headers: { accept: 'text/event-stream' },
      body: { content: 'Como lavo o copo?' },
    });
    const listed = await t.request({
      method: 'GET',
      url: `/v1/conversations/${conversationId}/messages`,
      token: owner.accessToken,
    });
    const answer = listed.json().data.find((message: { role: string }) => message.role === 'assistant');
    await withClient(t.deps.db, owner.clientId ?? '', (tx) =>
      tx.execute(sql`insert into message_feedback (client_id, message_id, rating, chunk_ids)
        values (${owner.clientId}, ${answer.id}, 'down', array[${vectorOnly?.chunk_id}]::uuid[])`),
    );
    // With lexical hits, the lexical statement reads the vector hit's votes too; alone, its own statement does.
    const after = await hybrid();
    expect(after.find((hit) => hit.chunk_id === vectorOnly?.chunk_id)?.feedback_prior).toBeCloseTo(-0.004);
    expect(after.find((hit) => hit.chunk_id === both?.chunk_id)?.feedback_prior).toBe(0);
    const vector = await search(owner.accessToken, base.id, { query: 'garantia do motor', mode: 'vector' });
    const hit = vector
      .json()
      .results.find((row: { chunk_id: string }) => row.chunk_id === vectorOnly?.chunk_id);
    expect(hit.feedback_prior).toBeCloseTo(-0.004);
  });

  it('refuses an embedding model that cannot be called, changing nothing', async () => {
    for (const embedding_model of [
      'anthropic/claude-haiku-4-5',
      'offline/renum',
      'openai-compatible/none/x',
    ]) {
      const refused = await createBase(owner.accessToken, { name: `No ${embedding_model}`, embedding_model });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().code).toBe('MODEL_NOT_CONFIGURED');
    }
    const list = await t.request({ method: 'GET', url: '/v1/knowledge-bases', token: owner.accessToken });
    expect(list.json().data.map((base: { name: string }) => base.name)).not.toContain('No offline/renum');
  });
});

describe.skipIf(postgres?.skipReason)('knowledge bases on a Postgres without pgvector', () => {
  let t: TestApp;
  let owner: TestSession;
  beforeAll(async () => {
    t = await createTestApp(postgres!, {
      models: { openai: { apiKey: 'sk-platform', baseURL: 'http://127.0.0.1:9/v1' } },
    });
    owner = await t.signup();
  }, 180_000); // A loaded 2-core machine took over 60 s to boot the app on PGlite.
  afterAll(async () => t?.close());

  it('refuses an embedding model with a readable reason and stays lexical-only', async () => {
    const vectorType = await t.handle.query<{ ok: boolean }>(`select to_regtype('vector') is not null as ok`);
    if (vectorType[0]?.ok) return; // A Postgres with pgvector: nothing to refuse.
    const refused = await t.request({
      method: 'POST',
      url: '/v1/knowledge-bases',
      token: owner.accessToken,
      body: { name: 'Vectors', embedding_model: model },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'VALIDATION_ERROR', field: 'embedding_model' });
    expect(refused.json().error).toContain('pgvector');
    const lexical = await t.request({
      method: 'POST',
      url: '/v1/knowledge-bases',
      token: owner.accessToken,
      body: { name: 'Lexical' },
    });
    expect(lexical.json()).toMatchObject({ lexical_only: true, embedding_model: null });
  });
});
