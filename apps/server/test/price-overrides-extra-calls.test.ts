import { type FakeOpenAI, startFakeOpenAI, testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledDocument } from './knowledge-test-kit.ts';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

// Embeddings need pgvector: PGlite has it.
const pglite = testDatabaseTargets()[0]!;
const chat = 'openai/gpt-4o-mini';
const embedding = 'openai/text-embedding-3-small';
// Far from the bundled prices, so a row priced from the table alone cannot match.
const overrides = {
  [chat]: { input_per_million: 1000, output_per_million: 2000 },
  [embedding]: { input_per_million: 500, output_per_million: 0 },
};

type Row = {
  kind: string;
  purpose: string | null;
  price_version: string;
  cost_usd: string;
  tokens_input: number;
  tokens_output: number;
};

/** Cost at the override's prices, to 8 decimals. */
const priced = (row: Row, price: { input_per_million: number; output_per_million: number }) =>
  ((row.tokens_input * price.input_per_million + row.tokens_output * price.output_per_million) / 1e6).toFixed(
    8,
  );

describe('price overrides reach summary and embedding calls (ADR 0050)', () => {
  let fake: FakeOpenAI;
  let t: TestApp;
  let owner: TestSession;
  let version: number;
  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: 'k' });
    // A history budget of about 40 tokens: the third turn folds the first into a rolling summary.
    t = await createTestApp(pglite, {
      models: { openai: { apiKey: 'k', baseURL: fake.baseURL } },
      historyTokenBudget: 40,
    });
    const admin = await t.platformAdmin();
    owner = await t.signup();
    const set = await t.request({
      method: 'PUT',
      url: '/v1/admin/settings',
      token: admin.accessToken,
      body: {
        base_version: 0,
        default_plan: null,
        enabled_models: null,
        price_overrides: overrides,
        features: {},
      },
    });
    expect(set.statusCode, set.body).toBe(200);
    version = set.json().version;
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  const ledger = (clientId: string) =>
    t.handle.query<Row>(
      `select kind, request_data->>'purpose' as purpose, price_version, cost_usd::text, tokens_input, tokens_output
         from renum_ai_usage_logs where client_id = $1 and kind in ('model', 'embedding')`,
      [clientId],
    );

  it('prices a rolling summary with the overrides of the version in force', async () => {
    const agent = await t.createAgent(owner.accessToken, {
      name: 'A',
      system_prompt: 'Atenda.',
      model: chat,
    });
    const conversationId = await t.openConversation(owner.accessToken, agent.id);
    await t.ask(
      owner.accessToken,
      conversationId,
      'Meu pedido número 4471 veio com o bolo errado, era de morango.',
    );
    await t.ask(owner.accessToken, conversationId, 'Também gostaria de saber o horário da loja no domingo.');
    fake.enqueueTurn({ text: 'RESUMO: pedido 4471 com bolo errado; perguntou o horário de domingo.' });
    await t.ask(owner.accessToken, conversationId, 'E vocês entregam no bairro Centro?');
    const rows = await ledger(owner.clientId!);
    const summary = rows.find((row) => row.purpose === 'summary');
    expect(summary, JSON.stringify(rows)).toBeDefined();
    expect(summary!.price_version).toMatch(new RegExp(`\\+settings\\.${version}$`));
    expect(summary!.cost_usd).toBe(priced(summary!, overrides[chat]));
    expect(Number(summary!.cost_usd)).toBeGreaterThan(0);
  });

  it("prices a knowledge base's embedding calls with the overrides too", async () => {
    const base = await t.request({
      method: 'POST',
      url: '/v1/knowledge-bases',
      token: owner.accessToken,
      body: { name: 'Manual', embedding_model: embedding },
    });
    expect(base.statusCode, base.body).toBe(201);
    const added = await t.request({
      method: 'POST',
      url: `/v1/knowledge-bases/${base.json().id}/documents`,
      token: owner.accessToken,
      body: { kind: 'text', title: 'Manual', text: '# Garantia\n\nO motor tem garantia de dois anos.' },
    });
    expect(added.statusCode, added.body).toBe(201);
    await settledDocument(t, {
      token: owner.accessToken,
      baseId: base.json().id,
      documentId: added.json().document.id,
    });
    const rows = (await ledger(owner.clientId!)).filter((row) => row.kind === 'embedding');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.price_version).toMatch(new RegExp(`\\+settings\\.${version}$`));
      expect(row.cost_usd).toBe(priced(row, overrides[embedding]));
    }
  });
});
