import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { chooseOption } from './choose-option.ts';
import { type FakeAnswer, type FakeRequest, fakeApi, meAnswer } from './fake-api.ts';
import { renderApp, storeSession } from './render-app.tsx';

const now = '2026-01-01T00:00:00.000Z';
const ids = {
  client: '0190a000-0000-7000-8000-0000000000c1',
  agent: '0190a000-0000-7000-8000-0000000000a9',
  approval: '0190a000-0000-7000-8000-0000000000b1',
  run: '0190a000-0000-7000-8000-0000000000d1',
  conversation: '0190a000-0000-7000-8000-0000000000e1',
};

function approval(overrides: Record<string, unknown> = {}) {
  return {
    id: ids.approval,
    client_id: ids.client,
    agent_id: ids.agent,
    run_id: ids.run,
    conversation_id: ids.conversation,
    tool: 'whatsapp_send_message',
    tool_call_id: 'call-1',
    arguments: { to: '+5511999990000', text: 'Seu pedido saiu', access_token: '••••' },
    warnings: ['whatsapp_send_message is marked critical'],
    status: 'pending',
    approver_roles: ['owner', 'admin'],
    approver_user_ids: [],
    deadline_at: '2026-01-02T00:00:00.000Z',
    default_outcome: 'reject',
    escalated_at: null,
    decided_by: null,
    decided_via: null,
    decided_at: null,
    decision_reason: null,
    edited_arguments: null,
    execution_status: null,
    result: null,
    created_at: now,
    ...overrides,
  };
}

const base: Record<string, FakeAnswer | ((request: FakeRequest) => FakeAnswer)> = {
  'GET /v1/me': { status: 200, body: meAnswer() },
  'GET /v1/agents': {
    status: 200,
    body: { data: [{ id: ids.agent, name: 'Relatórios' }], next_cursor: null },
  },
};

beforeEach(storeSession);

describe('approvals inbox', () => {
  it('shows a pending request with its warnings and a badge, and approves it', async () => {
    let decided = false;
    const api = fakeApi({
      ...base,
      'GET /v1/approvals': () => ({
        status: 200,
        body: { data: decided ? [] : [approval()], next_cursor: null },
      }),
      'POST /v1/approvals/0190a000-0000-7000-8000-0000000000b1/decision': () => {
        decided = true;
        return { status: 200, body: approval({ status: 'approved', decided_at: now }) };
      },
    });
    renderApp(api, '/approvals');
    const user = userEvent.setup();
    expect(await screen.findByRole('heading', { name: 'whatsapp_send_message' })).toBeTruthy();
    expect(screen.getByText('whatsapp_send_message is marked critical')).toBeTruthy();
    expect(screen.getAllByText('1 pending').length).toBeGreaterThan(0);
    await user.click(screen.getByRole('button', { name: 'Approve whatsapp_send_message' }));
    await waitFor(() => expect(screen.getByText('Nothing waits for an approval.')).toBeTruthy());
    const posted = api.requests.find((request) => request.method === 'POST');
    expect(posted?.body).toEqual({ decision: 'approve' });
  });

  it('rejects with a reason, in Portuguese', async () => {
    const api = fakeApi({
      ...base,
      'GET /v1/approvals': { status: 200, body: { data: [approval()], next_cursor: null } },
      'POST /v1/approvals/0190a000-0000-7000-8000-0000000000b1/decision': {
        status: 409,
        body: { error: 'This request was already approved', code: 'APPROVAL_ALREADY_DECIDED' },
      },
    });
    renderApp(api, '/approvals', 'pt-BR');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Rejeitar whatsapp_send_message' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(
      within(dialog).getByLabelText('Motivo (o agente é avisado)'),
      'Cliente pediu para esperar',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Rejeitar' }));
    await waitFor(() => expect(api.requests.some((request) => request.method === 'POST')).toBe(true));
    expect(api.requests.find((request) => request.method === 'POST')?.body).toEqual({
      decision: 'reject',
      reason: 'Cliente pediu para esperar',
    });
  });
});

describe('schedules page', () => {
  it("names the seeded built-in schedules in the reader's language, and a renamed one as it was named", async () => {
    const seeded = (id: string, name: string, job: 'budget_check' | 'cleanup') => ({
      id,
      client_id: '0190a000-0000-7000-8000-0000000000c1',
      name,
      description: null,
      cron: '0 * * * *',
      interval_seconds: null,
      timezone: 'UTC',
      target: { type: 'builtin', job },
      enabled: true,
      missed_policy: 'skip',
      overlap_policy: 'skip',
      next_fire_at: null,
      last_fired_at: null,
      next_fire_times: [],
      created_by: null,
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
    });
    const api = fakeApi({
      ...base,
      'GET /v1/schedules': {
        status: 200,
        body: {
          data: [
            seeded('0190a000-0000-7000-8000-0000000000b1', 'Budget check', 'budget_check'),
            seeded('0190a000-0000-7000-8000-0000000000b2', 'Clean-up', 'cleanup'),
            seeded('0190a000-0000-7000-8000-0000000000b3', 'Faxina noturna', 'cleanup'),
          ],
          next_cursor: null,
        },
      },
    });
    renderApp(api, '/schedules', 'pt-BR');
    expect(await screen.findByRole('cell', { name: 'Verificação de orçamento' })).toBeTruthy();
    expect(screen.getByRole('cell', { name: 'Limpeza' })).toBeTruthy();
    expect(screen.getByRole('cell', { name: 'Faxina noturna' })).toBeTruthy();
    expect(screen.queryByText('Budget check')).toBeNull();
    expect(screen.queryByText('Clean-up')).toBeNull();
  });

  it('builds a daily schedule in Brasília time, describes it in Portuguese and creates it', async () => {
    const api = fakeApi({
      ...base,
      'GET /v1/schedules': { status: 200, body: { data: [], next_cursor: null } },
      'POST /v1/schedules/preview': {
        status: 200,
        body: { timezone: 'America/Sao_Paulo', next_fire_times: ['2026-01-01T21:00:00.000Z'] },
      },
      'POST /v1/schedules': (request) => ({
        status: 201,
        body: { id: ids.approval, ...(request.body as object) },
      }),
    });
    renderApp(api, '/schedules', 'pt-BR');
    const user = userEvent.setup();
    await user.click((await screen.findAllByRole('button', { name: 'Novo agendamento' }))[0]!);
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('todo dia às 18:00, horário de Brasília')).toBeTruthy();
    await user.type(within(dialog).getByLabelText(/^Nome/), 'Resumo do dia');
    await user.type(within(dialog).getByLabelText(/^O que o agente recebe/), 'Resuma as conversas de hoje');
    await chooseOption(user, within(dialog).getByRole('combobox', { name: 'Frequência' }), 'Dias úteis');
    expect(within(dialog).getByText('de segunda a sexta às 18:00, horário de Brasília')).toBeTruthy();
    await waitFor(() => expect(within(dialog).getByRole('listitem')).toBeTruthy());
    await user.click(within(dialog).getByRole('button', { name: 'Criar agendamento' }));
    await waitFor(() =>
      expect(
        api.requests.some((request) => request.path === '/v1/schedules' && request.method === 'POST'),
      ).toBe(true),
    );
    expect(
      api.requests.find((request) => request.path === '/v1/schedules' && request.method === 'POST')?.body,
    ).toEqual({
      name: 'Resumo do dia',
      cron: '0 18 * * 1-5',
      timezone: 'America/Sao_Paulo',
      target: { type: 'agent', agent_id: ids.agent, prompt: 'Resuma as conversas de hoje' },
    });
  });
});

describe('approval policy in the agent editor', () => {
  it('saves a rule on a tool of a saved agent, and refuses rules that are not valid', async () => {
    const agent = {
      id: ids.agent,
      client_id: ids.client,
      name: 'Vendas',
      description: null,
      slug: 'vendas',
      model: 'offline/renum',
      system_prompt: 'Sell.',
      channel: 'web',
      template_type: null,
      status: 'draft',
      is_public: false,
      public_url: null,
      config: {},
      access_count: 0,
      tools: [{ name: 'whatsapp_send_message', critical: true }],
      created_at: now,
      updated_at: now,
    };
    const api = fakeApi({
      ...base,
      [`GET /v1/agents/${ids.agent}`]: { status: 200, body: agent },
      [`GET /v1/agents/${ids.agent}/sub-agents`]: { status: 200, body: { data: [] } },
      'GET /v1/models': {
        status: 200,
        body: {
          data: [
            { id: 'offline/renum', provider: 'offline', model: 'renum', label: 'Renum demo', offline: true },
          ],
          default_model: 'offline/renum',
        },
      },
      'GET /v1/tools': {
        status: 200,
        body: {
          data: [
            {
              name: 'whatsapp_send_message',
              kind: 'outbound',
              description: 'Sends WhatsApp messages.',
              critical_default: true,
              options: [],
            },
          ],
        },
      },
      'GET /v1/credentials': { status: 200, body: { data: [] } },
      'GET /v1/approval-policies': { status: 200, body: { data: [] } },
      'POST /v1/approval-policies': (request) => ({
        status: 200,
        body: { id: ids.approval, client_id: ids.client, agent_id: ids.agent, ...(request.body as object) },
      }),
    });
    renderApp(api, `/agents/${ids.agent}`);
    const user = userEvent.setup();
    await user.click(await screen.findByText('Approval policy'));
    const rules = screen.getByLabelText(/Ask when a rule matches/);
    await user.click(rules);
    await user.paste('[{"field":"to","op":"gt"}]');
    await user.click(screen.getByRole('button', { name: 'Save the policy of whatsapp_send_message' }));
    expect(await screen.findByText(/The rules must be a JSON list/)).toBeTruthy();
    expect(
      api.requests.some((request) => request.path === '/v1/approval-policies' && request.method === 'POST'),
    ).toBe(false);
    await user.clear(rules);
    await user.paste('[{"field":"to","op":"matches","value":"^55"}]');
    await user.click(screen.getByRole('button', { name: 'Save the policy of whatsapp_send_message' }));
    await waitFor(() =>
      expect(
        api.requests.some((request) => request.path === '/v1/approval-policies' && request.method === 'POST'),
      ).toBe(true),
    );
    expect(
      api.requests.find((request) => request.path === '/v1/approval-policies' && request.method === 'POST')
        ?.body,
    ).toEqual({
      agent_id: ids.agent,
      tool: 'whatsapp_send_message',
      always: false,
      rules: [{ field: 'to', op: 'matches', value: '^55' }],
      timeout_seconds: 86_400,
      default_outcome: 'reject',
      escalation_roles: [],
    });
  });
});
