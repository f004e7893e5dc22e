import { createFailureCounter } from '@renum/platform';
import { startFakeTavily, testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loopbackTools, type TestApp, type TestSession } from './test-app.ts';

/**
 * A team step whose agent calls a tool through the proxy: the step's metrics and the execution's totals
 * count the call's ledger row. The row commits with the run's settlement (ADR 0075), in statements after the
 * settlement's own, so the record's read must not be sent ahead of them (ADR 0079); a step without tool
 * calls sends it right behind the settlement's statement, never before.
 */
describe.each(testDatabaseTargets())('a team step that calls a tool ($name)', (target) => {
  const tavilyKey = 'tvly-team-metrics-5e1f';
  let tavily: Awaited<ReturnType<typeof startFakeTavily>>;
  let t: TestApp;
  let owner: TestSession;

  beforeAll(async () => {
    if (target.skipReason) return;
    tavily = await startFakeTavily({ apiKey: tavilyKey });
    t = await createTestApp(target, { tools: loopbackTools(tavily.url) });
    t.deps.failures = createFailureCounter();
    owner = await t.signup();
  });
  afterAll(async () => {
    await t?.close();
    await tavily?.close();
  });

  it.skipIf(target.skipReason !== null)(
    'counts the call in the step’s metrics and the execution’s totals',
    async () => {
      await t.request({
        method: 'POST',
        url: '/v1/credentials',
        token: owner.accessToken,
        body: { service: 'tavily', name: 'default', secret: { api_key: tavilyKey } },
      });
      const researcher = await t.createAgent(owner.accessToken, {
        name: 'Pesquisador',
        system_prompt: 'Pesquise quando preciso.',
        model: 'offline/renum',
        tools: [{ name: 'web_search' }],
      });
      const writer = await t.createAgent(owner.accessToken, {
        name: 'Redator',
        system_prompt: 'Escreva.',
        model: 'offline/renum',
      });
      const team = await t.createTeam(
        owner.accessToken,
        {
          type: 'sequential',
          agents: [
            { agent_id: researcher.id, role: 'pesquisador', input: { source: 'initial_prompt' } },
            {
              agent_id: writer.id,
              role: 'redator',
              input: { source: 'agent_result', agent_id: researcher.id },
            },
          ],
        },
        'Pesquisa',
      );
      const executionId = await t.startExecution(
        owner.accessToken,
        team.id,
        'Pesquise as melhores padarias de Curitiba',
      );
      const { stream, execution } = await t.finishExecution(owner.accessToken, executionId);
      expect(stream).toContain('"tool":"web_search"');
      expect(execution.status).toBe('completed');
      expect(tavily.requests).toHaveLength(1);
      // Each step recorded by its run's settlement: the second one's read, sent right behind the settlement's
      // statement, saw the run settled (a read sent before it would fail the hook, recorded afterwards).
      expect(t.deps.failures!.snapshot()).toEqual({});

      const [ledger] = await t.handle.query<{ tool_calls: number; model_calls: number; tokens: number }>(
        `select count(*) filter (where u.kind = 'tool')::int as tool_calls,
              count(*) filter (where u.kind = 'model')::int as model_calls,
              coalesce(sum(u.tokens_input + u.tokens_output), 0)::int as tokens
         from renum_ai_usage_logs u join runs r on r.id = u.run_id where r.execution_id = $1`,
        [executionId],
      );
      const steps = execution.steps as Array<{
        step_index: number;
        individual_usage_metrics: { tool_calls: number; model_calls: number; total_tokens: number };
      }>;
      const [searching, writing] = [...steps].sort((a, b) => a.step_index - b.step_index);
      expect(searching!.individual_usage_metrics.tool_calls).toBe(1);
      expect(writing!.individual_usage_metrics.tool_calls).toBe(0);
      expect(ledger!.tool_calls).toBe(1);
      const usage = execution.usage_metrics as Record<string, number>;
      expect(usage.tool_calls).toBe(ledger!.tool_calls);
      expect(usage.model_calls).toBe(ledger!.model_calls);
      expect(usage.total_tokens).toBe(ledger!.tokens);
      expect(
        searching!.individual_usage_metrics.total_tokens + writing!.individual_usage_metrics.total_tokens,
      ).toBe(ledger!.tokens);
    },
  );
});
