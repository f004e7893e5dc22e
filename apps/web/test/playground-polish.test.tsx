import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../src/i18n/i18n.tsx';
import { ApiProvider } from '../src/lib/web-api.tsx';
import { FeedbackBar } from '../src/pages/playground/citations-view.tsx';
import { fakeApi, fakeConnection, meAnswer } from './fake-api.ts';
import { renderApp, storeSession } from './render-app.tsx';

const agentId = '0190a000-0000-7000-8000-0000000000a9';

beforeEach(storeSession);

// Defects met walking issue 17's "Done when" in Portuguese on a phone.
describe('the playground in Portuguese', () => {
  it("names a draft agent's status in Portuguese in the agent picker", async () => {
    const api = fakeApi({
      'GET /v1/me': { status: 200, body: meAnswer() },
      'GET /v1/agents': {
        status: 200,
        body: { data: [{ id: agentId, name: 'Atendente', status: 'draft' }], next_cursor: null },
      },
      'GET /v1/conversations': { status: 200, body: { data: [], next_cursor: null } },
      'GET /v1/notifications': { status: 200, body: { data: [], next_cursor: null } },
      'GET /v1/approvals': { status: 200, body: { data: [], next_cursor: null } },
    });
    renderApp(api, `/playground?agent=${agentId}`, 'pt-BR');
    const picker = await screen.findByRole('combobox', { name: 'Agente' }, { timeout: 10_000 });
    expect(picker.textContent).toContain('Atendente (Rascunho)');
    expect(screen.queryByText(/\(draft\)/)).toBeNull();
  });

  it('draws the feedback thumbs as icons of the app, not emoji (empty boxes without an emoji font)', () => {
    const api = fakeApi({});
    render(
      <QueryClientProvider client={new QueryClient()}>
        <ApiProvider api={api}>
          <I18nProvider locale="pt-BR">
            <FeedbackBar messageId="0190a000-0000-7000-8000-0000000000e1" />
          </I18nProvider>
        </ApiProvider>
      </QueryClientProvider>,
    );
    for (const button of screen.getAllByRole('button')) {
      expect(button.querySelector('svg')).not.toBeNull();
      expect(button.textContent).toBe('');
    }
  });

  it("shows a new conversation's title once its first message gave it one, without a reload", async () => {
    const untitled = {
      id: '0190a000-0000-7000-8000-0000000000e1',
      client_id: '0190a000-0000-7000-8000-0000000000c1',
      agent_id: agentId,
      contact_id: null,
      user_id: null,
      channel: 'web' as const,
      title: null as string | null,
      status: 'open' as const,
      last_seq: 0,
      last_message_at: null as string | null,
      taken_over_by: null,
      taken_over_at: null,
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
    };
    let stored = untitled;
    const api = fakeApi({
      'GET /v1/me': { status: 200, body: meAnswer() },
      'GET /v1/agents': {
        status: 200,
        body: { data: [{ id: agentId, name: 'Atendente', status: 'active' }], next_cursor: null },
      },
      'GET /v1/conversations': () => ({ status: 200, body: { data: [stored], next_cursor: null } }),
      'GET /v1/notifications': { status: 200, body: { data: [], next_cursor: null } },
      'GET /v1/approvals': { status: 200, body: { data: [], next_cursor: null } },
    });
    const socket = fakeConnection('open');
    api.client.realtime.connect = () => socket.connection;
    renderApp(api, `/playground?agent=${agentId}`, 'pt-BR');
    await screen.findByText('Sem título', {}, { timeout: 10_000 });
    stored = { ...untitled, title: 'Quanto é 12 * 7?', last_message_at: '2026-01-01T00:01:00.000Z' };
    act(() => socket.push({ type: 'conversation', conversation: stored }));
    expect(await screen.findByText('Quanto é 12 * 7?')).toBeTruthy();
  });
});
