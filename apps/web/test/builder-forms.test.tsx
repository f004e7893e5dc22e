import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { chooseOption } from './choose-option.ts';
import { type FakeAnswer, type FakeRequest, fakeApi, meAnswer } from './fake-api.ts';
import { renderApp, storeSession } from './render-app.tsx';

const agentId = '0190a000-0000-7000-8000-0000000000a9';
const now = '2026-01-01T00:00:00.000Z';

function agentAnswer(body: Record<string, unknown>) {
  return {
    id: agentId,
    client_id: '0190a000-0000-7000-8000-0000000000c1',
    name: body.name,
    description: body.description ?? null,
    slug: 'support',
    model: body.model ?? 'offline/renum',
    system_prompt: body.system_prompt,
    channel: body.channel ?? 'web',
    template_type: null,
    status: body.status ?? 'draft',
    is_public: false,
    public_url: null,
    config: {},
    access_count: 0,
    tools: [],
    created_at: now,
    updated_at: now,
  };
}

const base: Record<string, FakeAnswer | ((request: FakeRequest) => FakeAnswer)> = {
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
        { name: 'calculator', kind: 'builtin', description: 'Math.', critical_default: false, options: [] },
        {
          name: 'whatsapp_send_message',
          kind: 'outbound',
          description: 'Sends WhatsApp messages.',
          critical_default: true,
          options: [{ name: 'credential_name', type: 'string', required: false }],
        },
        {
          name: 'http_request',
          kind: 'outbound',
          description: 'Calls an HTTP API.',
          critical_default: false,
          options: [{ name: 'parameters', type: 'object', required: false }],
        },
      ],
    },
  },
  'GET /v1/credentials': { status: 200, body: { data: [] } },
  'GET /v1/agents': { status: 200, body: { data: [], next_cursor: null } },
};

beforeEach(storeSession);

describe('agent form', () => {
  it('validates with the contract schema, labels the offline model and previews the prompt', async () => {
    const api = fakeApi(base);
    renderApp(api, '/agents/new');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Create agent' }));
    const name = screen.getByLabelText(/^Name/);
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText(/System prompt/).getAttribute('aria-invalid')).toBe('true');
    expect(api.requests.some((request) => request.method === 'POST')).toBe(false);

    await user.click(screen.getByRole('combobox', { name: /^Model/ }));
    expect(await screen.findByRole('option', { name: 'Renum (offline demo)' })).toBeTruthy();
    await user.keyboard('{Escape}');
    await user.type(name, 'Support');
    await user.click(screen.getByLabelText(/System prompt/));
    await user.keyboard('Hello ');
    await user.click(screen.getByRole('button', { name: '{{contact.name}}' }));
    expect((screen.getByLabelText(/System prompt/) as HTMLTextAreaElement).value).toBe(
      'Hello {{contact.name}}',
    );
    expect(screen.getByText('Hello Maria Silva')).toBeTruthy();
  });

  it("shows the server's field errors beside the field and sends the tools with their critical flag", async () => {
    let attempt = 0;
    const api = fakeApi({
      ...base,
      'POST /v1/agents': (request) => {
        attempt += 1;
        if (attempt === 1)
          return {
            status: 400,
            body: {
              error: 'Invalid body.name',
              code: 'VALIDATION_ERROR',
              details: [{ field: 'body.name', message: 'name already used' }],
            },
          };
        return { status: 201, body: agentAnswer(request.body as Record<string, unknown>) };
      },
      [`GET /v1/agents/${agentId}`]: {
        status: 200,
        body: agentAnswer({ name: 'Support', system_prompt: 'Help.' }),
      },
      [`GET /v1/agents/${agentId}/sub-agents`]: { status: 200, body: { data: [] } },
    });
    const history = renderApp(api, '/agents/new');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/^Name/), 'Support');
    await user.type(screen.getByLabelText(/System prompt/), 'Help.');
    await user.click(await screen.findByRole('checkbox', { name: 'whatsapp_send_message' }));
    expect(screen.getByText('critical')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Create agent' }));
    await waitFor(() => expect(screen.getByLabelText(/^Name/).getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('name already used')).toBeTruthy();
    const sent = api.requests.find((request) => request.method === 'POST')?.body as Record<string, unknown>;
    expect(sent).toMatchObject({
      name: 'Support',
      system_prompt: 'Help.',
      tools: [{ name: 'calculator' }, { name: 'current_time' }, { name: 'whatsapp_send_message' }],
    });

    await user.click(screen.getByRole('button', { name: 'Create agent' }));
    await waitFor(() => expect(history.location.pathname).toBe(`/agents/${agentId}`));
    expect(await screen.findByRole('link', { name: 'Chat in playground' })).toBeTruthy();
  });

  it('offers the executors the platform runs and sends the choice (Suna)', async () => {
    const withSuna = {
      ...base,
      'GET /v1/models': {
        status: 200,
        body: {
          ...(base['GET /v1/models'] as { body: Record<string, unknown> }).body,
          executors: ['builtin', 'suna'],
        },
      },
      'POST /v1/agents': (request: FakeRequest) => ({
        status: 201,
        body: agentAnswer(request.body as Record<string, unknown>),
      }),
    };
    const api = fakeApi(withSuna);
    renderApp(api, '/agents/new');
    const user = userEvent.setup();
    const runsOn = await screen.findByRole('combobox', { name: /^Runs on/ });
    expect(runsOn.textContent).toBe('Built-in (Renum)');
    await user.type(screen.getByLabelText(/^Name/), 'Research');
    await user.type(screen.getByLabelText(/System prompt/), 'Search.');
    await waitFor(() => expect(runsOn.getAttribute('data-disabled')).toBeNull());
    await chooseOption(user, runsOn, 'Suna (external executor)');
    await user.click(screen.getByRole('button', { name: 'Create agent' }));
    await waitFor(() => expect(api.requests.some((request) => request.method === 'POST')).toBe(true));
    const sent = api.requests.find((request) => request.method === 'POST')?.body as Record<string, unknown>;
    expect(sent).toMatchObject({ name: 'Research', executor: 'suna' });
  });

  it('shows only the built-in executor where Suna is not configured (pt-BR labels)', async () => {
    renderApp(fakeApi(base), '/agents/new', 'pt-BR');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('combobox', { name: /^Executa em/ }));
    expect(
      within(await screen.findByRole('listbox'))
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Nativo (Renum)']);
  });

  it("shows a server error inside a tool's options beside that tool, saying where", async () => {
    const api = fakeApi({
      ...base,
      'POST /v1/agents': {
        status: 400,
        body: {
          error: 'Invalid body.tools.2.options.parameters.properties.phone.pattern: is not supported',
          code: 'VALIDATION_ERROR',
          details: [
            {
              field: 'body.tools.2.options.parameters.properties.phone.pattern',
              message: 'is not supported',
            },
          ],
        },
      },
    });
    renderApp(api, '/agents/new');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/^Name/), 'Support');
    await user.type(screen.getByLabelText(/System prompt/), 'Help.');
    await user.click(await screen.findByRole('checkbox', { name: 'http_request' }));
    await user.click(screen.getByRole('button', { name: 'Create agent' }));
    const parameters = await screen.findByLabelText(/^Parameters \(JSON Schema\)/);
    await waitFor(() => expect(parameters.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('properties.phone.pattern: is not supported')).toBeTruthy();
  });
});

describe('sub-agent topics', () => {
  it('adds topics with Enter, removes them with ×, and sends them normalised', async () => {
    const api = fakeApi({
      ...base,
      [`GET /v1/agents/${agentId}`]: {
        status: 200,
        body: agentAnswer({ name: 'Support', system_prompt: 'Help.' }),
      },
      [`GET /v1/agents/${agentId}/sub-agents`]: { status: 200, body: { data: [] } },
      [`POST /v1/agents/${agentId}/sub-agents`]: (request) => ({
        status: 201,
        body: { id: agentId, ...(request.body as object) },
      }),
    });
    renderApp(api, `/agents/${agentId}`);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add sub-agent' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(/^Name/), 'Billing');
    await user.type(within(dialog).getByLabelText(/System prompt/), 'Answer billing questions.');
    await user.click(within(dialog).getByRole('button', { name: 'Add sub-agent' }));
    expect(within(dialog).getByLabelText('Topics').getAttribute('aria-invalid')).toBe('true');

    const topics = within(dialog).getByLabelText('Topics');
    await user.type(topics, ' Invoices {Enter}refunds{Enter}boleto{Enter}');
    expect(
      within(dialog)
        .getAllByRole('listitem')
        .map((item) => item.textContent?.replace('×', '')),
    ).toEqual(['invoices', 'refunds', 'boleto']);
    await user.click(within(dialog).getByRole('button', { name: 'Remove topic refunds' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add sub-agent' }));
    await waitFor(() =>
      expect(api.requests.find((request) => request.method === 'POST')?.body).toMatchObject({
        name: 'Billing',
        topics: ['invoices', 'boleto'],
      }),
    );
  });
});

describe('credential form', () => {
  it('asks for the service fields of the contract, validates them, and never keeps the secret', async () => {
    const api = fakeApi({
      ...base,
      'POST /v1/credentials': (request) => ({
        status: 201,
        body: {
          id: agentId,
          service: 'whatsapp',
          name: (request.body as { name: string }).name,
          agent_id: null,
          fields: ['access_token', 'phone_number_id'],
          masked: '••••5678',
          created_at: now,
          updated_at: now,
          last_used_at: null,
        },
      }),
    });
    renderApp(api, '/credentials');
    const user = userEvent.setup();
    expect(await screen.findByText('No credentials yet.')).toBeTruthy();
    await user.click(screen.getAllByRole('button', { name: 'Add credential' })[0]!);
    const dialog = await screen.findByRole('dialog');
    await chooseOption(user, within(dialog).getByRole('combobox', { name: /Service/ }), 'whatsapp');
    expect(
      within(dialog)
        .getByLabelText(/^Access token/)
        .getAttribute('type'),
    ).toBe('password');
    await user.type(within(dialog).getByLabelText(/^Name/), 'WhatsApp main');
    await user.click(within(dialog).getByRole('button', { name: 'Add credential' }));
    expect(
      within(dialog)
        .getByLabelText(/^Access token/)
        .getAttribute('aria-invalid'),
    ).toBe('true');
    expect(api.requests.some((request) => request.method === 'POST')).toBe(false);

    await user.type(within(dialog).getByLabelText(/^Access token/), 'EAAG-secret-token');
    await user.type(within(dialog).getByLabelText(/^Phone number ID/), '12345678');
    await user.click(within(dialog).getByRole('button', { name: 'Add credential' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.requests.find((request) => request.method === 'POST')?.body).toEqual({
      service: 'whatsapp',
      name: 'WhatsApp main',
      secret: { access_token: 'EAAG-secret-token', phone_number_id: '12345678' },
    });
    expect(document.body.innerHTML).not.toContain('EAAG-secret-token');
  });
});

describe('a link to a sub-agent', () => {
  it('lands on its place on the agent page: scrolled to and focused, marked as the current one', async () => {
    const subAgent = (id: string, name: string) => ({
      id,
      client_id: agentAnswer({}).client_id,
      agent_id: agentId,
      name,
      description: null,
      topics: [name.toLowerCase()],
      model: 'gpt-4o-mini',
      system_prompt: 'Help.',
      channel: 'web',
      is_active: true,
      fine_tuning_config: null,
      knowledge_base: null,
      created_at: now,
      updated_at: now,
    });
    const billingId = '0190a000-0000-7000-8000-0000000000b2';
    const api = fakeApi({
      ...base,
      [`GET /v1/agents/${agentId}`]: {
        status: 200,
        body: agentAnswer({ name: 'Support', system_prompt: 'Help.' }),
      },
      [`GET /v1/agents/${agentId}/sub-agents`]: {
        status: 200,
        body: {
          data: [
            subAgent('0190a000-0000-7000-8000-0000000000b1', 'Shipping'),
            subAgent(billingId, 'Billing'),
          ],
        },
      },
    });
    const scrolled: Element[] = [];
    const original = Element.prototype.scrollIntoView;
    // jsdom lays nothing out and has no scrollIntoView: record what the page asks to scroll to.
    Element.prototype.scrollIntoView = function record(this: Element) {
      scrolled.push(this);
    };
    try {
      renderApp(api, `/agents/${agentId}#sub-agent-${billingId}`);
      const list = await screen.findByRole('list', { name: 'Sub-agents' });
      const billing = within(list).getByText('Billing').closest('li')!;
      await waitFor(() => expect(document.activeElement).toBe(billing));
      expect(billing.id).toBe(`sub-agent-${billingId}`);
      expect(billing.getAttribute('aria-current')).toBe('location');
      expect(scrolled).toContain(billing);
      expect(within(list).getByText('Shipping').closest('li')!.getAttribute('aria-current')).toBeNull();
    } finally {
      Element.prototype.scrollIntoView = original;
    }
  });
});
