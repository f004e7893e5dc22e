import { usageLogs, withClient } from '@renum/db';
import { type RerankRequest, startFakeOpenAI, startFakeReranker, testDatabaseTargets } from '@renum/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coffeeMachineManual, fakeRerankerModel, settledDocument } from './knowledge-test-kit.ts';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const postgres = testDatabaseTargets()[1]!;
const reranker = fakeRerankerModel;
const manual = coffeeMachineManual;

const question = 'Limpe a cafeteira: como fazer?';

interface Citation {
  n: number;
  chunk_id: string;
  heading_path: string[];
}

describe.skipIf(postgres.skipReason !== null)(
  'a chat turn from a knowledge base with a reranker (ADR 0054)',
  () => {
    let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;
    let rerank: Awaited<ReturnType<typeof startFakeReranker>> & { reranks: RerankRequest[] };
    let t: TestApp;
    let owner: TestSession;
    let baseId: string;
    let agentId: string;

    beforeAll(async () => {
      openai = await startFakeOpenAI({ apiKey: 'sk-platform-test' });
      rerank = await startFakeReranker({
        apiKey: 'rk-platform',
        score: (_query, document) =>
          document.includes('filtro') ? 0.9 : document.includes('garantia') ? 0.5 : 0.1,
      });
      t = await createTestApp(postgres, {
        models: {
          openai: { apiKey: 'sk-platform-test', baseURL: openai.baseURL },
          openaiCompatible: { rerankers: { baseURL: `${rerank.url}/v1`, apiKey: 'rk-platform' } },
        },
      });
      owner = await t.signup();
      const created = await t.request({
        method: 'POST',
        url: '/v1/knowledge-bases',
        token: owner.accessToken,
        body: {
          name: 'Cafeteira',
          reranker_model: reranker,
          chunk_target_tokens: 50,
          chunk_overlap_tokens: 0,
        },
      });
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
      agentId = (
        await t.createAgent(owner.accessToken, {
          name: 'Suporte',
          model: 'openai/gpt-4o-mini',
          system_prompt: 'Você dá suporte à cafeteira.',
        })
      ).id;
      const attached = await t.request({
        method: 'PUT',
        url: `/v1/agents/${agentId}/knowledge-bases`,
        token: owner.accessToken,
        body: { knowledge_bases: [{ knowledge_base_id: baseId, top_k: 4 }] },
      });
      expect(attached.statusCode).toBe(200);
    }, 180_000);
    afterAll(async () => {
      await t?.close();
      await openai?.close();
      await rerank?.close();
    });

    const searchOrder = async (body: Record<string, unknown>) => {
      const found = await t.request({
        method: 'POST',
        url: `/v1/knowledge-bases/${baseId}/search`,
        token: owner.accessToken,
        body: { query: question, top_k: 4, ...body },
      });
      expect(found.statusCode, found.body).toBe(200);
      return (found.json().results as Array<{ chunk_id: string }>).map((hit) => hit.chunk_id);
    };

    /** Asks the question in a new conversation with the agent, answered as a stream. */
    const askQuestion = async () => {
      const conversationId = await t.openConversation(owner.accessToken, agentId);
      const response = await t.request({
        method: 'POST',
        url: `/v1/conversations/${conversationId}/messages`,
        token: owner.accessToken,
        headers: { accept: 'text/event-stream' },
        body: { content: question },
      });
      return { conversationId, response };
    };

    it('calls the reranker with the turn’s query and cites the passages in its order, not the fused one', async () => {
      const fused = await searchOrder({ rerank: false });
      expect(fused.length).toBeGreaterThanOrEqual(3);
      const reranked = await searchOrder({});
      expect(reranked[0]).not.toBe(fused[0]);
      rerank.reset();

      openai.enqueueTurn({ text: 'Troque o filtro a cada dois meses [1].' });
      const { conversationId, response } = await askQuestion();
      expect(response.body).toContain('event: retrieval');
      expect(response.body).toContain('event: complete');

      // The reranker was asked once, about this turn's message, with the fused candidates' passages.
      expect(rerank.reranks).toHaveLength(1);
      expect(rerank.reranks[0]).toMatchObject({ model: 'fake-rerank-v1', query: question });
      expect(rerank.reranks[0]?.documents.length).toBe(fused.length);

      // The prompt numbers the passages in the reranker's order: [1] is the filter's section.
      const body = openai.requests.at(-1)?.body as { input: Array<{ role: string; content: string }> };
      const prompt = body.input[0]?.content ?? '';
      expect(prompt).toContain('[1] Manual (Manual da cafeteira > Filtro)');
      expect(prompt.indexOf('(Manual da cafeteira > Garantia)')).toBeGreaterThan(
        prompt.indexOf('[1] Manual'),
      );

      // The stored citations follow the reranker's order, and it is not the fusion's.
      const listed = await t.request({
        method: 'GET',
        url: `/v1/conversations/${conversationId}/messages`,
        token: owner.accessToken,
      });
      const answer = listed.json().data.find((message: { role: string }) => message.role === 'assistant');
      const citations = answer.citations as Citation[];
      expect(citations.map((citation) => citation.chunk_id)).toEqual(reranked.slice(0, citations.length));
      expect(citations[0]).toMatchObject({ n: 1, heading_path: ['Manual da cafeteira', 'Filtro'] });
      expect(citations[1]?.heading_path).toEqual(['Manual da cafeteira', 'Garantia']);
      expect(citations.map((citation) => citation.chunk_id)).not.toEqual(fused.slice(0, citations.length));

      // The turn's rerank is metered to the client, with the base it served.
      const ledger = await withClient(t.handle.db, owner.clientId, (tx) =>
        tx.select().from(usageLogs).where(eq(usageLogs.kind, 'rerank')),
      );
      expect(ledger.filter((row) => row.knowledge_base_id === baseId)).toHaveLength(2);
    });

    it('keeps the fused order in the citations when the reranker fails', async () => {
      rerank.reset();
      rerank.enqueue({ status: 503 }, { status: 503 });
      const fused = await searchOrder({ rerank: false });
      openai.enqueueTurn({ text: 'Veja o manual [1].' });
      const { conversationId, response } = await askQuestion();
      expect(response.body).toContain('event: complete');
      expect(rerank.requests).toHaveLength(2);
      const listed = await t.request({
        method: 'GET',
        url: `/v1/conversations/${conversationId}/messages`,
        token: owner.accessToken,
      });
      const answer = listed.json().data.find((message: { role: string }) => message.role === 'assistant');
      expect((answer.citations as Citation[]).map((citation) => citation.chunk_id)).toEqual(
        fused.slice(0, answer.citations.length),
      );
    });
  },
);
