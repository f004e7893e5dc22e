import { startFakeOpenAI, testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

describe('long conversations', () => {
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let t: TestApp;
  let owner: TestSession;

  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: 'k' });
    // A history budget of about 40 tokens: only the last turn or two fit.
    t = await createTestApp(pglite, {
      models: { openai: { apiKey: 'k', baseURL: fake.baseURL } },
      historyTokenBudget: 40,
    });
    owner = await t.signup();
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it('fold the turns beyond the budget into a stored rolling summary the next prompts carry', async () => {
    const agent = await t.createAgent(owner.accessToken, {
      name: 'A',
      system_prompt: 'Atenda.',
      model: 'openai/gpt-4o-mini',
    });
    const conversationId = (
      await t.request({
        method: 'POST',
        url: `/v1/agents/${agent.id}/conversations`,
        token: owner.accessToken,
      })
    ).json().id;
    const say = (content: string) =>
      t.request({
        method: 'POST',
        url: `/v1/conversations/${conversationId}/messages`,
        token: owner.accessToken,
        headers: { accept: 'text/event-stream' },
        body: { content },
      });
    const oldest = 'Meu pedido número 4471 veio com o bolo de chocolate errado, era de morango.';
    await say(oldest);
    await say('Também gostaria de saber o horário de funcionamento da loja no domingo.');
    fake.enqueueTurn({
      text: 'RESUMO: pedido 4471 com bolo errado (queria morango); perguntou horário de domingo.',
    });
    await say('E vocês entregam no bairro Centro?');
    const [conversation] = await t.handle.query<{
      summary: string | null;
      summary_through_message_id: string | null;
    }>('select summary, summary_through_message_id from conversations where id = $1', [conversationId]);
    expect(conversation?.summary).toContain('pedido 4471');
    expect(conversation?.summary_through_message_id).toBeTruthy();
    const lastRequest = JSON.stringify(fake.requests.at(-1)!.body);
    expect(lastRequest).toContain('RESUMO: pedido 4471');
    // The oldest turn now reaches the model only through the summary, not as a message of its own.
    expect(lastRequest).not.toContain(oldest);
    const summaryRows = await t.handle.query<{ n: number }>(
      "select count(*)::int as n from renum_ai_usage_logs where conversation_id = $1 and request_data->>'purpose' = 'summary'",
      [conversationId],
    );
    expect(summaryRows[0]?.n).toBe(1);
    const [totals] = await t.handle.query<{ runs: number; ledger: number }>(
      `select (select sum(tokens_input + tokens_output)::int from runs where conversation_id = $1) as runs,
              (select sum(tokens_input + tokens_output)::int from renum_ai_usage_logs where conversation_id = $1) as ledger`,
      [conversationId],
    );
    expect(totals?.ledger).toBe(totals?.runs);
  });
});
