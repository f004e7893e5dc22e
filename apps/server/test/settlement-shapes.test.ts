import { startFakeOpenAI, testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

/**
 * A run's settlement is one statement built once per process and shape (ADR 0074) for up to four ledger
 * rows, and built as it comes for more (a long tool loop). Both must store the same things: the answer, one
 * ledger row per model call and per local tool call, and the run's totals equal to the ledger's.
 */
describe.each(testDatabaseTargets())('a run settled with few or many ledger rows ($name)', (target) => {
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let t: TestApp;
  let owner: TestSession;
  let agentId: string;

  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: 'sk-platform-test' });
    t = await createTestApp(target, {
      models: { openai: { apiKey: 'sk-platform-test', baseURL: fake.baseURL } },
    });
    owner = await t.signup();
    const agent = await t.createAgent(owner.accessToken, {
      name: 'Contadora',
      system_prompt: 'Calcule com a ferramenta.',
      model: 'openai/gpt-4o-mini',
      tools: [{ name: 'calculator' }],
      max_steps: 8,
    });
    agentId = agent.id;
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  /** Asks with `calls` calculator calls before the answer: calls + 1 model calls, calls tool calls. */
  const askWithToolCalls = async (calls: number) => {
    const turns = Array.from({ length: calls }, (_, index) => ({
      toolCalls: [{ name: 'calculator', arguments: { expression: `${index + 2} * 7` } }],
    }));
    fake.enqueueTurn(...turns, { text: `Pronto: ${calls} contas.` });
    const conversationId = await t.openConversation(owner.accessToken, agentId);
    const response = await t.ask(owner.accessToken, conversationId, 'Quanto dá?');
    expect(response.body).toContain('event: complete');
    const runId = /"run_id":"([^"]+)"/.exec(response.body)?.[1];
    expect(runId).toBeDefined();
    return runId!;
  };

  const stored = async (runId: string) => {
    const [run] = await t.handle.query<{
      status: string;
      tokens_input: number;
      tokens_output: number;
      cost_usd: string;
    }>('select status, tokens_input, tokens_output, cost_usd::text from runs where id = $1', [runId]);
    const ledger = await t.handle.query<{
      kind: string;
      tool_name: string | null;
      tokens_input: number;
      tokens_output: number;
    }>('select kind, tool_name, tokens_input, tokens_output from renum_ai_usage_logs where run_id = $1', [
      runId,
    ]);
    const sums = (
      await t.handle.query<{ input: number; output: number; cost: string }>(
        `select sum(tokens_input)::int as input, sum(tokens_output)::int as output, sum(cost_usd)::text as cost
         from renum_ai_usage_logs where run_id = $1`,
        [runId],
      )
    )[0]!;
    const answers = await t.handle.query<{ text: string }>(
      "select text from messages where run_id = $1 and role = 'assistant'",
      [runId],
    );
    return { run: run!, ledger, sums, answers };
  };

  it.each([
    { calls: 1, rows: 3 },
    { calls: 4, rows: 9 },
  ])(
    'stores the answer, $rows ledger rows and matching totals for $calls tool calls',
    async ({ calls, rows }) => {
      const runId = await askWithToolCalls(calls);
      const { run, ledger, sums, answers } = await stored(runId);
      expect(run.status).toBe('completed');
      expect(ledger).toHaveLength(rows);
      expect(ledger.filter((row) => row.kind === 'model')).toHaveLength(calls + 1);
      expect(ledger.filter((row) => row.kind === 'tool' && row.tool_name === 'calculator')).toHaveLength(
        calls,
      );
      expect(run.tokens_input).toBeGreaterThan(0);
      expect([run.tokens_input, run.tokens_output]).toEqual([sums.input, sums.output]);
      expect(Number(run.cost_usd)).toBe(Number(sums.cost));
      expect(answers).toEqual([{ text: `Pronto: ${calls} contas.` }]);
    },
  );
});
