import { usageLogs, withClient } from '@renum/db';
import { type FakeServer, type RerankRequest, startFakeReranker, testDatabaseTargets } from '@renum/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coffeeMachineManual, fakeRerankerModel, settledDocument } from './knowledge-test-kit.ts';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const postgres = testDatabaseTargets()[1]!;
const reranker = fakeRerankerModel;
const manual = coffeeMachineManual;

describe.skipIf(postgres.skipReason !== null)('knowledge bases with a reranker (ADR 0054)', () => {
  let fake: FakeServer & { reranks: RerankRequest[] };
  let t: TestApp;
  let owner: TestSession;
  let baseId: string;
  beforeAll(async () => {
    fake = await startFakeReranker({
      apiKey: 'rk-platform',
      score: (_query, document) => (document.includes('filtro') ? 0.9 : 0.1),
    });
    t = await createTestApp(postgres, {
      models: { openaiCompatible: { rerankers: { baseURL: `${fake.url}/v1`, apiKey: 'rk-platform' } } },
    });
    owner = await t.signup();
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  const search = (body: Record<string, unknown>) =>
    t.request({
      method: 'POST',
      url: `/v1/knowledge-bases/${baseId}/search`,
      token: owner.accessToken,
      body: { query: 'limpe a cafeteira', top_k: 4, ...body },
    });

  it('refuses a reranker that cannot be called, and stores nothing', async () => {
    const refused = await t.request({
      method: 'POST',
      url: '/v1/knowledge-bases',
      token: owner.accessToken,
      body: { name: 'Sem reranker', reranker_model: 'openai-compatible/nowhere/model' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('MODEL_NOT_CONFIGURED');
    const openai = await t.request({
      method: 'POST',
      url: '/v1/knowledge-bases',
      token: owner.accessToken,
      body: { name: 'Sem reranker', reranker_model: 'openai/gpt-4o-mini' },
    });
    expect(openai.statusCode).toBe(400);
    const list = await t.request({ method: 'GET', url: '/v1/knowledge-bases', token: owner.accessToken });
    expect(list.json().data).toHaveLength(0);
  });

  it('reorders the fused candidates by the reranker, meters the call, and keeps the fused order when asked', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/v1/knowledge-bases',
      token: owner.accessToken,
      body: { name: 'Cafeteira', reranker_model: reranker, chunk_target_tokens: 50, chunk_overlap_tokens: 0 },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().reranker_model).toBe(reranker);
    baseId = created.json().id;
    const added = await t.request({
      method: 'POST',
      url: `/v1/knowledge-bases/${baseId}/documents`,
      token: owner.accessToken,
      body: { kind: 'text', title: 'Manual', text: manual },
    });
    const document = await settledDocument(t, {
      token: owner.accessToken,
      baseId,
      documentId: added.json().document.id,
    });
    expect(document.status).toBe('ready');

    const fused = (await search({ rerank: false })).json();
    expect(fused.reranked_by).toBeNull();
    expect(fused.results.length).toBeGreaterThanOrEqual(3);
    expect(fused.results[0].text).not.toContain('filtro');
    expect(fake.reranks).toHaveLength(0);

    const answer = await search({});
    expect(answer.statusCode).toBe(200);
    const reranked = answer.json();
    expect(reranked.reranked_by).toBe(reranker);
    expect(reranked.results[0].text).toContain('filtro');
    expect(reranked.results[0].rerank_score).toBe(0.9);
    expect(reranked.results[1].rerank_score).toBe(0.1);
    // The same passages, another order.
    expect(new Set(reranked.results.map((hit: { chunk_id: string }) => hit.chunk_id))).toEqual(
      new Set(fused.results.map((hit: { chunk_id: string }) => hit.chunk_id)),
    );
    expect(fake.reranks).toHaveLength(1);
    expect(fake.reranks[0]).toMatchObject({ model: 'fake-rerank-v1', query: 'limpe a cafeteira' });
    expect(fake.reranks[0]?.documents.length).toBe(fused.results.length);
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer rk-platform');

    const ledger = await withClient(t.handle.db, owner.clientId, (tx) =>
      tx.select().from(usageLogs).where(eq(usageLogs.kind, 'rerank')),
    );
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      knowledge_base_id: baseId,
      model_name: 'rerankers/fake-rerank-v1',
      api_key_type: 'platform',
    });
    expect(ledger[0]?.tokens_input).toBeGreaterThan(0);
  });

  it('keeps the fused order when the reranker fails, after one retry', async () => {
    fake.reset();
    fake.enqueue({ status: 503 }, { status: 503 });
    const answer = await search({});
    expect(answer.statusCode).toBe(200);
    expect(answer.json().reranked_by).toBeNull();
    expect(answer.json().results[0].text).not.toContain('filtro');
    expect(answer.json().results[0].rerank_score).toBeNull();
    expect(fake.requests).toHaveLength(2);
  });

  it('sets and removes the reranker of a base', async () => {
    const removed = await t.request({
      method: 'PATCH',
      url: `/v1/knowledge-bases/${baseId}`,
      token: owner.accessToken,
      body: { reranker_model: null },
    });
    expect(removed.statusCode).toBe(200);
    expect(removed.json().reranker_model).toBeNull();
    fake.reset();
    expect((await search({})).json().reranked_by).toBeNull();
    expect(fake.requests).toHaveLength(0);
    const refused = await t.request({
      method: 'PATCH',
      url: `/v1/knowledge-bases/${baseId}`,
      token: owner.accessToken,
      body: { reranker_model: 'anthropic/claude-sonnet-4' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('MODEL_NOT_CONFIGURED');
    const set = await t.request({
      method: 'PATCH',
      url: `/v1/knowledge-bases/${baseId}`,
      token: owner.accessToken,
      body: { reranker_model: reranker },
    });
    expect(set.json().reranker_model).toBe(reranker);
    expect((await search({})).json().reranked_by).toBe(reranker);
  });
});
