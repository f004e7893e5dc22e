import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { messagesEn } from '../src/i18n/messages-en.ts';
import { chooseOption } from './choose-option.ts';
import { agentAnswer, type FakeAnswer, type FakeRequest, fakeApi, meAnswer } from './fake-api.ts';
import { renderApp, storeSession } from './render-app.tsx';

// Issue 17's agent editor defects: tool ticks that mean what they show, options as a form with a
// credential picker, translated validation, errors brought into view, and a guard on leaving.
const agentId = '0190a000-0000-7000-8000-0000000000a9';
const now = '2026-01-01T00:00:00.000Z';

const agent = (tools: unknown[]) => agentAnswer({ id: agentId, name: 'Support', tools });

const credential = (name: string, service: string) => ({
  id: `0190a000-0000-7000-8000-00000000${name.length.toString().padStart(4, '0')}`,
  service,
  name,
  agent_id: null,
  fields: ['api_key'],
  masked: '••••1234',
  created_at: now,
  updated_at: now,
  last_used_at: null,
});

const routes: Record<string, FakeAnswer | ((request: FakeRequest) => FakeAnswer)> = {
  'GET /v1/me': { status: 200, body: meAnswer() },
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
        { name: 'calculator', kind: 'builtin', description: 'x', critical_default: false, options: [] },
        { name: 'current_time', kind: 'builtin', description: 'x', critical_default: false, options: [] },
        {
          name: 'web_search',
          kind: 'outbound',
          description: 'x',
          critical_default: false,
          options: [
            { name: 'credential_name', type: 'string', required: false },
            { name: 'timeout_ms', type: 'integer', required: false },
            {
              name: 'search_depth',
              type: 'string',
              required: false,
              default: 'basic',
              values: ['basic', 'advanced'],
            },
          ],
        },
      ],
    },
  },
  'GET /v1/credentials': {
    status: 200,
    body: { data: [credential('tavily-main', 'tavily'), credential('firecrawl-x', 'firecrawl')] },
  },
  'GET /v1/agents': { status: 200, body: { data: [], next_cursor: null } },
  [`GET /v1/agents/${agentId}/sub-agents`]: { status: 200, body: { data: [] } },
  'GET /v1/approval-policies': { status: 200, body: { data: [] } },
};

beforeEach(storeSession);

const patchBody = (api: ReturnType<typeof fakeApi>) =>
  api.requests.find((request) => request.method === 'PATCH')?.body as { tools: unknown[] } | undefined;

describe('agent editor', () => {
  it('starts a new agent with the built-ins ticked, and unticking them sends no tools', async () => {
    const api = fakeApi({ ...routes, 'POST /v1/agents': { status: 201, body: agent([]) } });
    renderApp(api, '/agents/new');
    const user = userEvent.setup();
    const calculator = (await screen.findByRole(
      'checkbox',
      { name: /calculator/ },
      { timeout: 10_000 }, // the first test of the file waits for the page's modules to be transformed
    )) as HTMLInputElement;
    expect(calculator.checked).toBe(true);
    await user.click(calculator);
    await user.click(screen.getByRole('checkbox', { name: /current_time/ }));
    expect(screen.getByText(messagesEn['tools.none'])).toBeTruthy();
    await user.type(screen.getByLabelText(/^Name/), 'Quiet');
    await user.type(screen.getByLabelText(/System prompt/), 'Only text.');
    await user.click(screen.getByRole('button', { name: 'Create agent' }));
    await waitFor(() => expect(api.requests.some((request) => request.method === 'POST')).toBe(true));
    expect(api.requests.find((request) => request.method === 'POST')?.body).toMatchObject({ tools: [] });
  });

  it('edits options as a form: credentials of the tool’s service only, numbers checked, unknown keys dropped', async () => {
    const api = fakeApi({
      ...routes,
      [`GET /v1/agents/${agentId}`]: {
        status: 200,
        body: agent([{ name: 'web_search', critical: false, options: { topic_typo: 'news' } }]),
      },
      [`PATCH /v1/agents/${agentId}`]: (request) => ({
        status: 200,
        body: agent((request.body as { tools: unknown[] }).tools),
      }),
    });
    renderApp(api, `/agents/${agentId}`);
    const user = userEvent.setup();
    const picker = await screen.findByRole('combobox', { name: 'Credential' }, { timeout: 10_000 });
    const choices = async () => {
      await user.click(picker);
      const names = within(await screen.findByRole('listbox'))
        .getAllByRole('option')
        .map((option) => option.textContent);
      await user.keyboard('{Escape}');
      return names;
    };
    await waitFor(async () => expect(await choices()).toHaveLength(2), { timeout: 10_000 });
    expect(await choices()).toEqual([messagesEn['tools.options.credentialDefault'], 'tavily-main']);
    expect(screen.getByText(/will be removed on save: topic_typo/)).toBeTruthy();
    await chooseOption(user, picker, 'tavily-main');
    await chooseOption(user, screen.getByRole('combobox', { name: /^Search depth/ }), 'Advanced');
    const timeout = screen.getByLabelText(/^Timeout \(ms\)/);
    await user.type(timeout, '1e');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    // happy-dom keeps the raw text of a number input, so a bad number is caught before sending.
    if (timeout.getAttribute('aria-invalid') === 'true') {
      expect(screen.getByText(messagesEn['tools.options.notNumber'])).toBeTruthy();
      await user.clear(timeout);
    }
    await user.type(timeout, '5000');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(patchBody(api)).toBeDefined());
    expect(patchBody(api)?.tools).toEqual([
      {
        name: 'web_search',
        critical: false,
        options: { credential_name: 'tavily-main', timeout_ms: 5000, search_depth: 'advanced' },
      },
    ]);
  });

  it('brings a server error into view and focus instead of leaving it at the top', async () => {
    const api = fakeApi({
      ...routes,
      [`GET /v1/agents/${agentId}`]: { status: 200, body: agent([]) },
      [`PATCH /v1/agents/${agentId}`]: {
        status: 500,
        body: { error: 'Internal', code: 'INTERNAL_ERROR' },
      },
    });
    renderApp(api, `/agents/${agentId}`);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/^Description/), 'x');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByText(messagesEn['error.INTERNAL_ERROR']);
    await waitFor(() => expect(alert.closest('[tabindex="-1"]')).toBe(document.activeElement));
  });

  it('asks before leaving with unsaved changes; staying keeps them, leaving goes', async () => {
    const api = fakeApi({ ...routes, [`GET /v1/agents/${agentId}`]: { status: 200, body: agent([]) } });
    const history = renderApp(api, `/agents/${agentId}`);
    const user = userEvent.setup();
    const description = await screen.findByLabelText(/^Description/);
    await user.type(description, 'changed');
    const [runsLink] = screen.getAllByRole('link', { name: 'Runs' });
    await user.click(runsLink!);
    const dialog = await screen.findByRole('alertdialog', { name: messagesEn['form.unsaved.title'] });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(history.location.pathname).toBe(`/agents/${agentId}`);
    expect((screen.getByLabelText(/^Description/) as HTMLInputElement).value).toBe('changed');

    await user.click(screen.getAllByRole('link', { name: 'Runs' })[0]!);
    await user.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', {
        name: messagesEn['form.unsaved.leave'],
      }),
    );
    await waitFor(() => expect(history.location.pathname).toBe('/runs'));
  });

  it('speaks Portuguese in validation messages (zod’s error map per locale)', async () => {
    renderApp(fakeApi(routes), '/agents/new', 'pt-BR');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Criar agente' }));
    const name = screen.getByLabelText(/^Nome/);
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    const message = document.getElementById(name.getAttribute('aria-describedby')!.split(' ').at(-1)!)!;
    expect(message.textContent).not.toMatch(/Too small|expected|Invalid input/);
    expect(message.textContent).toMatch(/pequeno|caracteres|inválid/i);
  });

  it('names the choices of a tool option and its default in Portuguese, and sends the value itself', async () => {
    const api = fakeApi({
      ...routes,
      [`GET /v1/agents/${agentId}`]: {
        status: 200,
        body: agent([{ name: 'web_search', critical: false, options: {} }]),
      },
      [`PATCH /v1/agents/${agentId}`]: (request) => ({
        status: 200,
        body: agent((request.body as { tools: unknown[] }).tools),
      }),
    });
    renderApp(api, `/agents/${agentId}`, 'pt-BR');
    const user = userEvent.setup();
    const depth = await screen.findByRole(
      'combobox',
      { name: /^Profundidade da busca/ },
      { timeout: 10_000 },
    );
    expect(screen.getByText('Padrão: Básica')).toBeTruthy();
    await chooseOption(user, depth, 'Avançada');
    await user.click(screen.getByRole('button', { name: 'Salvar' }));
    await waitFor(() => expect(patchBody(api)).toBeDefined());
    expect(patchBody(api)?.tools).toEqual([
      { name: 'web_search', critical: false, options: { search_depth: 'advanced' } },
    ]);
  });
});
