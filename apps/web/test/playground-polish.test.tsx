import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../src/i18n/i18n.tsx';
import { ApiProvider } from '../src/lib/web-api.tsx';
import { FeedbackBar } from '../src/pages/playground/citations-view.tsx';
import { fakeApi, meAnswer } from './fake-api.ts';
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
});
