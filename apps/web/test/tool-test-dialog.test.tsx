import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorCatalogue } from '../src/i18n/error-catalogue.ts';
import { messagesEn } from '../src/i18n/messages-en.ts';
import { loadErrorMessages } from '../src/lib/describe-error.ts';
import { agentAnswer, type FakeAnswer, type FakeRequest, fakeApi, meAnswer } from './fake-api.ts';
import { renderApp, storeSession } from './render-app.tsx';

// Issue 17's "test this tool where safe" (ADR 0066): the button only on tools without side effects, a
// dialog with the tool's input fields, the answer as JSON, errors translated.
const agentId = '0190a000-0000-7000-8000-0000000000b7';
const testPath = (tool: string) => `/v1/agents/${agentId}/tools/${tool}/test`;

const agent = agentAnswer({
  id: agentId,
  name: 'Pesquisa',
  tools: [
    { name: 'web_search', critical: false },
    { name: 'web_scrape', critical: true },
    { name: 'whatsapp_send_message', critical: false },
    { name: 'calculator', critical: false },
  ],
});

const tool = (name: string, kind: string, testable: boolean, input: unknown[]) => ({
  name,
  kind,
  description: 'x',
  critical_default: false,
  options: [],
  input,
  testable,
});

const routes: Record<string, FakeAnswer | ((request: FakeRequest) => FakeAnswer)> = {
  'GET /v1/me': { status: 200, body: meAnswer() },
  'GET /v1/models': {
    status: 200,
    body: {
      data: [{ id: 'offline/renum', provider: 'offline', model: 'renum', label: 'Renum', offline: true }],
      default_model: 'offline/renum',
    },
  },
  'GET /v1/tools': {
    status: 200,
    body: {
      data: [
        tool('calculator', 'builtin', true, [{ name: 'expression', type: 'string', required: true }]),
        tool('web_search', 'outbound', true, [
          { name: 'query', type: 'string', required: true },
          { name: 'max_results', type: 'integer', required: false },
        ]),
        tool('web_scrape', 'outbound', true, [{ name: 'url', type: 'string', required: true }]),
        tool('whatsapp_send_message', 'outbound', false, [{ name: 'to', type: 'string', required: true }]),
      ],
    },
  },
  'GET /v1/credentials': { status: 200, body: { data: [] } },
  'GET /v1/agents': { status: 200, body: { data: [], next_cursor: null } },
  [`GET /v1/agents/${agentId}`]: { status: 200, body: agent },
  [`GET /v1/agents/${agentId}/sub-agents`]: { status: 200, body: { data: [] } },
  'GET /v1/approval-policies': { status: 200, body: { data: [] } },
};

beforeAll(loadErrorMessages);
beforeEach(storeSession);

const testButtons = () =>
  screen.queryAllByRole('button', { name: /^Test / }).map((button) => button.textContent?.trim());

describe('testing a tool from the agent editor', () => {
  it('offers Test only on tools without side effects, runs one call and shows the answer', async () => {
    const api = fakeApi({
      ...routes,
      [`POST ${testPath('web_search')}`]: {
        status: 200,
        body: {
          tool: 'web_search',
          result: { results: [{ title: 'Padaria Central', url: 'https://padaria.example' }] },
          is_error: false,
          error_code: null,
          attempts: 1,
          duration_ms: 120,
          cached: false,
        },
      },
    });
    renderApp(api, `/agents/${agentId}`);
    const user = userEvent.setup();
    await screen.findByRole('button', { name: 'Test web_search' }, { timeout: 10_000 });
    // Not WhatsApp (sends), not web_scrape (needs approval here).
    expect(testButtons()).toEqual(['Test calculator', 'Test web_search']);

    await user.click(screen.getByRole('button', { name: 'Test web_search' }));
    const dialog = await screen.findByRole('dialog', { name: 'Test web_search' });
    await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true));
    await user.type(within(dialog).getByLabelText(/^Query/), 'padarias em Curitiba');
    await user.type(within(dialog).getByLabelText(/^Results/), '3');
    await user.click(within(dialog).getByRole('button', { name: messagesEn['tools.test.run'] }));

    const result = await within(dialog).findByRole('region', { name: messagesEn['schedules.result'] });
    expect(result.textContent).toContain('"title": "Padaria Central"');
    expect(result.textContent).toContain('Done in 120 ms.');
    // Only the test's call: Run must not also submit the agent's form around the dialog (React carries a
    // portal's submit event up its component tree), which saved the agent and remounted the dialog away.
    const sent = api.requests.filter((request) => request.method !== 'GET');
    expect(sent).toEqual([
      expect.objectContaining({
        path: testPath('web_search'),
        body: { input: { query: 'padarias em Curitiba', max_results: 3 } },
      }),
    ]);
  });

  it('shows the server’s refusal translated, and sends nothing for a bad number', async () => {
    const api = fakeApi({
      ...routes,
      [`POST ${testPath('calculator')}`]: {
        status: 403,
        body: { error: 'no', code: 'TOOL_NOT_TESTABLE', tool: 'calculator', reason: 'approval' },
      },
      [`POST ${testPath('web_search')}`]: { status: 500, body: { error: 'x', code: 'INTERNAL_ERROR' } },
    });
    renderApp(api, `/agents/${agentId}`);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Test web_search' }, { timeout: 10_000 }));
    let dialog = await screen.findByRole('dialog', { name: 'Test web_search' });
    await user.type(within(dialog).getByLabelText(/^Query/), 'x');
    await user.type(within(dialog).getByLabelText(/^Results/), '1e');
    await user.click(within(dialog).getByRole('button', { name: messagesEn['tools.test.run'] }));
    const input = within(dialog).getByLabelText(/^Results/);
    if (input.getAttribute('aria-invalid') === 'true') {
      // happy-dom keeps a number input's raw text: the form catches it before sending.
      expect(within(dialog).getByText(messagesEn['tools.options.notNumber'])).toBeTruthy();
      expect(api.requests.some((request) => request.method === 'POST')).toBe(false);
    }
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    await user.click(screen.getByRole('button', { name: 'Test calculator' }));
    dialog = await screen.findByRole('dialog', { name: 'Test calculator' });
    await user.type(within(dialog).getByLabelText(/^Expression/), '6*7');
    await user.click(within(dialog).getByRole('button', { name: messagesEn['tools.test.run'] }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toBe(errorCatalogue.en['error.TOOL_NOT_TESTABLE']);
  });
});
