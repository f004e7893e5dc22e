import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { chooseOption } from './choose-option.ts';
import { fakeApi } from './fake-api.ts';
import { renderApp, storeSession } from './render-app.tsx';
import { base, type definition, executionBody, executionStep, ids, now, team } from './team-fixtures.ts';

beforeEach(storeSession);

describe('team builder', () => {
  it('draws the flow, shows the DSL, and puts validation problems on the right step', async () => {
    const api = fakeApi({
      ...base,
      'POST /v1/teams/validate': (request) => {
        const sent = (request.body as { workflow_definition: typeof definition }).workflow_definition;
        const operator = sent.agents[2]?.conditions?.[0]?.operator;
        return {
          status: 200,
          body:
            operator === 'equals'
              ? { valid: true, problems: [] }
              : {
                  valid: false,
                  problems: [
                    {
                      field: 'workflow_definition.agents.2.conditions.0.value',
                      message: 'gt needs a number',
                      step: 2,
                    },
                  ],
                },
        };
      },
      [`PATCH /v1/teams/${ids.team}`]: (request) => ({
        status: 200,
        body: { ...team, ...(request.body as object) },
      }),
    });
    renderApp(api, `/teams/${ids.team}`);
    const user = userEvent.setup();
    const diagram = await screen.findByRole('img', { name: /Flow of the team/ });
    expect(diagram.getAttribute('aria-label')).toContain('3. billing_support');
    expect(screen.getByTestId('team-dsl').textContent).toContain('"technical_support"');

    const billing = screen.getByTestId('step-2');
    await chooseOption(user, within(billing).getByRole('combobox', { name: 'Operator' }), '>');
    await waitFor(() => expect(within(billing).getByText('gt needs a number')).toBeTruthy());
    expect(within(screen.getByTestId('step-1')).queryByText('gt needs a number')).toBeNull();
    expect(within(billing).getByLabelText('Value').getAttribute('aria-invalid')).toBe('true');

    await chooseOption(user, within(billing).getByRole('combobox', { name: 'Operator' }), 'equals');
    const role = within(billing).getByLabelText(/^Role/);
    await user.clear(role);
    await user.type(role, 'financeiro');
    await user.click(screen.getByRole('button', { name: 'Save team' }));
    await waitFor(() => expect(api.requests.some((request) => request.method === 'PATCH')).toBe(true));
    const saved = api.requests.find((request) => request.method === 'PATCH')!.body as {
      workflow_definition: typeof definition;
    };
    expect(saved.workflow_definition.agents[2]).toMatchObject({
      role: 'financeiro',
      conditions: [{ operator: 'equals', value: 'billing' }],
    });
    // Opening styled selects and typing take a while on a loaded machine (a keystroke re-renders one step).
  }, 45_000);

  it('reads in Brazilian Portuguese', async () => {
    renderApp(fakeApi(base), `/teams/${ids.team}`, 'pt-BR');
    expect(await screen.findByRole('button', { name: 'Salvar equipe' })).toBeTruthy();
    expect(screen.getAllByText('Roda quando').length).toBe(3);
    expect(screen.getByRole('heading', { name: 'Executar a equipe' })).toBeTruthy();
    // The examples in empty fields are Portuguese too.
    expect(screen.getAllByPlaceholderText('pesquisador')).toHaveLength(3);
    const placeholders = [...document.querySelectorAll('[placeholder]')].map((node) =>
      node.getAttribute('placeholder'),
    );
    expect(placeholders.filter((text) => ['researcher', 'category', 'billing'].includes(text ?? ''))).toEqual(
      [],
    );
  });
});

describe('team execution view', () => {
  it('in Portuguese, tells why a step was skipped or failed and the execution’s error, with no English', async () => {
    const step = (index: number, role: string, agentId: string, status: string) =>
      executionStep(index, role, agentId, status, {
        result: status === 'completed' ? { category: 'billing' } : null,
        error_code: status === 'failed' ? 'AGENT_NOT_FOUND' : null,
        error: status === 'failed' ? 'The step’s agent was deleted' : null,
      });
    const api = fakeApi({
      ...base,
      [`GET /v1/team-executions/${ids.execution}`]: {
        status: 200,
        body: executionBody({
          status: 'failed',
          initial_prompt: 'Minha fatura veio errada',
          error: 'The step’s agent was deleted',
          last_seq: 5,
          finished_at: now,
          steps: [
            step(0, 'classifier', ids.classifier, 'completed'),
            step(1, 'technical_support', ids.technical, 'skipped'),
            step(2, 'billing_support', ids.billing, 'failed'),
          ],
        }),
      },
    });
    renderApp(api, `/team-executions/${ids.execution}`, 'pt-BR');
    const billing = await screen.findByTestId('execution-step-2');
    const agentGone = 'Este agente não existe (ou é de outra empresa).';
    expect(within(billing).getByText('falhou')).toBeTruthy();
    expect(within(billing).getByText(agentGone)).toBeTruthy();
    expect(within(billing).getByText('Detalhes')).toBeTruthy();
    const skipped = screen.getByTestId('execution-step-1');
    expect(within(skipped).getByText('pulada')).toBeTruthy();
    // Conditions are all required: one that fails skips the step, even when another held.
    expect(within(skipped).getByText(/^Pulada: nem todas as condições desta etapa valeram/)).toBeTruthy();
    // The execution's own error is its failed step's code, translated, not the server's English.
    expect(screen.getAllByText(agentGone)).toHaveLength(2);
    expect(screen.queryByText('The step’s agent was deleted', { selector: 'p' })).toBeNull();
  });

  it('shows each step’s state, its output, and usage and cost per agent', async () => {
    const step = (index: number, role: string, agentId: string, status: string, result: unknown) =>
      executionStep(index, role, agentId, status, {
        result,
        individual_usage_metrics:
          status === 'completed'
            ? { tokens_input: 10, tokens_output: 5, total_tokens: 15, model_calls: 1, tool_calls: 0 }
            : null,
        individual_cost_metrics: status === 'completed' ? { cost_usd: '0.00010000' } : null,
        attempts: status === 'skipped' ? 0 : 1,
      });
    const api = fakeApi({
      ...base,
      [`GET /v1/team-executions/${ids.execution}`]: {
        status: 200,
        body: executionBody({
          status: 'completed',
          initial_prompt: 'Minha fatura veio errada',
          usage_metrics: {
            tokens_input: 20,
            tokens_output: 10,
            total_tokens: 30,
            model_calls: 2,
            tool_calls: 0,
          },
          cost_metrics: { cost_usd: '0.00020000' },
          last_seq: 9,
          finished_at: now,
          steps: [
            step(0, 'classifier', ids.classifier, 'completed', { category: 'billing' }),
            step(1, 'technical_support', ids.technical, 'skipped', null),
            step(2, 'billing_support', ids.billing, 'completed', 'Resposta do financeiro'),
          ],
        }),
      },
    });
    renderApp(api, `/team-executions/${ids.execution}`);
    const billing = await screen.findByTestId('execution-step-2');
    expect(within(billing).getByText('Resposta do financeiro')).toBeTruthy();
    expect(within(billing).getByText('completed')).toBeTruthy();
    // One call is not "1 model calls": the usage line reads without a plural to get wrong.
    expect(within(billing).getByText('15 tokens · model calls: 1 · $0.0001')).toBeTruthy();
    expect(within(screen.getByTestId('execution-step-1')).getByText('skipped')).toBeTruthy();
    expect(screen.getByRole('img', { name: /2. technical_support \(skipped\)/ })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel execution' })).toBeNull();
  });
});

describe('team execution view across a server restart', () => {
  it('keeps the execution on screen while the server is out of reach, then follows it to its end', async () => {
    let serverUp = true;
    let status = 'running';
    const step = (index: number, role: string, agentId: string, stepStatus: string) =>
      executionStep(index, role, agentId, stepStatus, {
        result: stepStatus === 'completed' ? 'Resposta do financeiro' : null,
      });
    const execution = () =>
      executionBody({
        status,
        steps: [
          step(0, 'classifier', ids.classifier, 'completed'),
          step(1, 'technical_support', ids.technical, status === 'running' ? 'pending' : 'skipped'),
          step(2, 'billing_support', ids.billing, status === 'running' ? 'running' : 'completed'),
        ],
      });
    const frame = (body: Record<string, unknown>) =>
      `id: ${body.seq}\ndata: ${JSON.stringify({ execution_id: ids.execution, run_id: null, created_at: now, ...body })}\n\n`;
    const down = () => {
      throw new TypeError('Failed to fetch');
    };
    const api = fakeApi({
      ...base,
      [`GET /v1/team-executions/${ids.execution}`]: () =>
        serverUp ? { status: 200, body: execution() } : down(),
      [`GET /v1/team-executions/${ids.execution}/events`]: () => {
        if (!serverUp) return down();
        if (status === 'running') {
          // The server ends its streams as it shuts down, after this step event: then it is gone.
          serverUp = false;
          return {
            status: 200,
            sse: frame({
              seq: 1,
              type: 'step_start',
              step_index: 2,
              step_id: 's2',
              agent: 'billing_support',
              content: 'started',
            }),
          };
        }
        return {
          status: 200,
          sse: frame({
            seq: 2,
            type: 'complete',
            step_index: null,
            content: 'Resposta do financeiro',
            message_id: null,
            usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2, cost_usd: 0 },
          }),
        };
      },
    });
    renderApp(api, `/team-executions/${ids.execution}`);
    await screen.findByText(/The server is out of reach/, undefined, { timeout: 8_000 });
    // The page still shows the execution, not a page-wide error.
    expect(screen.getByTestId('execution-step-2')).toBeTruthy();
    expect(screen.queryByText('Something went wrong.')).toBeNull();
    // The server is back and the execution finished while it was away.
    status = 'completed';
    serverUp = true;
    await waitFor(
      () => expect(within(screen.getByTestId('execution-step-2')).getByText('completed')).toBeTruthy(),
      { timeout: 12_000 },
    );
    expect(screen.queryByText(/The server is out of reach/)).toBeNull();
  }, 30_000);
});

describe('team execution view while the stream reconnects', () => {
  it('says the server is out of reach from the first lost connection', async () => {
    let serverUp = true;
    const api = fakeApi({
      ...base,
      [`GET /v1/team-executions/${ids.execution}`]: () =>
        serverUp
          ? {
              status: 200,
              body: executionBody(),
            }
          : { status: 503, body: { error: 'Unavailable', code: 'UNAVAILABLE' } },
      [`GET /v1/team-executions/${ids.execution}/events`]: () => {
        if (!serverUp) throw new TypeError('Failed to fetch');
        serverUp = false; // a step's text, then the server stops mid-answer
        return {
          status: 200,
          sse: `id: 1\ndata: ${JSON.stringify({ execution_id: ids.execution, run_id: null, created_at: now, step_index: 0, seq: 1, type: 'content', content: 'I am ' })}\n\n`,
        };
      },
    });
    renderApp(api, `/team-executions/${ids.execution}`);
    // The SDK's first reconnection comes after a second; its last, fifteen seconds later.
    await screen.findByText(/The server is out of reach/, undefined, { timeout: 4_000 });
  }, 15_000);
});

describe('team execution view of a step retried across a restart', () => {
  it('starts the step’s text again when another worker resumes its run, with no stale error alert', async () => {
    const step = (index: number, role: string, agentId: string, status: string) =>
      executionStep(index, role, agentId, status, {
        attempts: index === 2 ? 2 : 1,
        // The first attempt's error stays on the step while the second one runs.
        error_code: index === 2 ? 'INTERRUPTED' : null,
        error: index === 2 ? 'The answer was interrupted because the server stopped' : null,
      });
    const frame = (body: Record<string, unknown>) =>
      `id: ${body.seq}\ndata: ${JSON.stringify({ execution_id: ids.execution, run_id: null, created_at: now, step_index: 2, ...body })}\n\n`;
    const api = fakeApi({
      ...base,
      [`GET /v1/team-executions/${ids.execution}`]: {
        status: 200,
        body: executionBody({
          last_seq: 4,
          steps: [
            step(0, 'classifier', ids.classifier, 'completed'),
            step(1, 'technical_support', ids.technical, 'pending'),
            step(2, 'billing_support', ids.billing, 'running'),
          ],
        }),
      },
      [`GET /v1/team-executions/${ids.execution}/events`]: {
        status: 200,
        sse: [
          frame({ seq: 1, type: 'content', content: 'I am Renum’s ' }),
          frame({ seq: 2, type: 'status', status: 'running', resumed: true, content: 'Retomando...' }),
          frame({ seq: 3, type: 'content', content: 'Your invoice will be refunded.' }),
          frame({ seq: 4, type: 'status', status: 'running', content: 'still going' }),
        ].join(''),
      },
    });
    renderApp(api, `/team-executions/${ids.execution}`);
    const billing = await screen.findByTestId('execution-step-2');
    await waitFor(() => expect(within(billing).getByText('Your invoice will be refunded.')).toBeTruthy());
    expect(billing.textContent).not.toContain('I am Renum’s');
    expect(
      within(billing).getByText('The answer was interrupted on the server; starting it again…'),
    ).toBeTruthy();
    expect(within(billing).queryByRole('alert')).toBeNull();
  });
});
