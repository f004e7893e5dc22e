import { sumUsd } from '@renum/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi } from './fake-api.ts';
import { renderApp, storeSession } from './render-app.tsx';
import { base, executionBody, executionStep, ids, now } from './team-fixtures.ts';

beforeEach(storeSession);

const usage = (tokens: number) => ({
  tokens_input: tokens - 5,
  tokens_output: 5,
  total_tokens: tokens,
  model_calls: 1,
  tool_calls: 0,
});

const step = (index: number, role: string, agentId: string, status: string, metrics?: [number, string]) =>
  executionStep(index, role, agentId, status, {
    individual_usage_metrics: metrics ? usage(metrics[0]) : null,
    individual_cost_metrics: metrics ? { cost_usd: metrics[1] } : null,
  });

// The classifier finished (its row has its usage); the billing step's step_end arrives while the row still
// says running: the summary adds both, as "so far", before the execution has totals of its own.
const running = executionBody({
  initial_prompt: 'Minha fatura veio errada',
  steps: [
    step(0, 'classifier', ids.classifier, 'completed', [15, '0.10000000']),
    step(1, 'technical_support', ids.technical, 'pending'),
    step(2, 'billing_support', ids.billing, 'running'),
  ],
});

const stepEndFrame = `id: 2\ndata: ${JSON.stringify({
  execution_id: ids.execution,
  run_id: null,
  created_at: now,
  step_index: 2,
  seq: 2,
  type: 'step_end',
  step_id: running.steps[2]!.id,
  agent: 'billing_support',
  content: 'billing_support: completed',
  individual_usage_metrics: usage(25),
  individual_cost_metrics: { cost_usd: '0.20000000' },
})}\n\n`;

describe('team execution summary while the execution runs', () => {
  it('shows the sum of the finished steps so far, growing with each step_end', async () => {
    const api = fakeApi({
      ...base,
      [`GET /v1/team-executions/${ids.execution}`]: { status: 200, body: running },
      [`GET /v1/team-executions/${ids.execution}/events`]: { status: 200, sse: stepEndFrame },
    });
    renderApp(api, `/team-executions/${ids.execution}`);
    const totals = await screen.findByTestId('execution-totals');
    await waitFor(() => expect(within(totals).getByText('40')).toBeTruthy());
    expect(within(totals).getByText('Tokens so far')).toBeTruthy();
    expect(within(totals).getByText('Cost so far')).toBeTruthy();
    expect(within(totals).getByText('$0.30')).toBeTruthy();
    expect(screen.getByText('Steps finished: 2 of 3')).toBeTruthy();
    // The billing step's own usage line comes from its step_end, before its row is read again.
    expect(
      within(screen.getByTestId('execution-step-2')).getByText('25 tokens · model calls: 1 · $0.20'),
    ).toBeTruthy();
  });

  it('says "até agora" in Portuguese', async () => {
    const api = fakeApi({
      ...base,
      [`GET /v1/team-executions/${ids.execution}`]: { status: 200, body: running },
      [`GET /v1/team-executions/${ids.execution}/events`]: { status: 200, sse: '' },
    });
    renderApp(api, `/team-executions/${ids.execution}`, 'pt-BR');
    const totals = await screen.findByTestId('execution-totals');
    expect(within(totals).getByText('Tokens até agora')).toBeTruthy();
    expect(within(totals).getByText('Custo até agora')).toBeTruthy();
    expect(within(totals).getByText('15')).toBeTruthy();
    expect(screen.getByText('Etapas terminadas: 1 de 3')).toBeTruthy();
  });

  it('shows the execution’s own totals, not labelled "so far", once it ended', async () => {
    const ended = {
      ...running,
      status: 'completed',
      usage_metrics: usage(41),
      cost_metrics: { cost_usd: '0.30000000' },
      finished_at: now,
      steps: [running.steps[0], step(1, 'technical_support', ids.technical, 'skipped'), running.steps[0]],
    };
    const api = fakeApi({
      ...base,
      [`GET /v1/team-executions/${ids.execution}`]: { status: 200, body: ended },
      [`GET /v1/team-executions/${ids.execution}/events`]: { status: 200, sse: '' },
    });
    renderApp(api, `/team-executions/${ids.execution}`);
    const totals = await screen.findByTestId('execution-totals');
    expect(within(totals).getByText('41')).toBeTruthy();
    expect(within(totals).getByText('Tokens')).toBeTruthy();
    expect(within(totals).queryByText('Tokens so far')).toBeNull();
    expect(screen.queryByText(/Steps finished/)).toBeNull();
  });
});

describe('sumUsd', () => {
  it('adds the API’s 8-place amounts exactly', () => {
    expect(sumUsd(['0.10000000', '0.20000000'])).toBe('0.30000000');
    expect(sumUsd(['1.5', '0.00000001', '12.99999999'])).toBe('14.50000000');
    expect(sumUsd([])).toBe('0.00000000');
  });
});
