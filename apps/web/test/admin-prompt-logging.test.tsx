import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { viewAsPagesEn as messagesEn } from '../src/i18n/viewas-pages.en.ts';
import { viewAsPagesPtBr as messagesPtBr } from '../src/i18n/viewas-pages.pt-br.ts';
import { type FakeRequest, fakeApi, meAnswer } from './fake-api.ts';
import { renderApp, storeSession } from './render-app.tsx';

// Issue 16's prompt logging opt-in (ADR 0067): the console's card turns it on for some minutes with a
// reason and off; the client's owner reads it on the company settings page.
const now = '2026-01-01T00:00:00.000Z';
const adminMe = () => {
  const me = meAnswer();
  return { ...me, user: { ...me.user!, platform_role: 'admin' }, client: null, role: null, memberships: [] };
};
const client = meAnswer().client;
const clientUrl = `/v1/admin/clients/${client.id}`;
const limits = {
  client_id: client.id,
  plan: 'free',
  month: '2026-01',
  period_start: now,
  period_end: now,
  monthly_budget_usd: null,
  spent_usd: 0,
  budget_used_percent: null,
  budget_status: 'ok',
  requests_per_minute: null,
  max_concurrent_runs: null,
  active_runs: 0,
  overrides: { monthly_budget_usd: null, requests_per_minute: null, max_concurrent_runs: null },
};

/** The console's routes; the first turn-on is refused as the server would refuse a bad body. */
function consoleApi() {
  let until: string | null = null;
  let posts = 0;
  const detail = () => ({
    client: { ...client, prompt_logging_until: until },
    limits,
    members: [],
    agents: [],
    usage_daily: [],
    notifications: [],
  });
  return fakeApi({
    'GET /v1/me': { status: 200, body: adminMe() },
    [`GET ${clientUrl}`]: () => ({ status: 200, body: detail() }),
    [`POST ${clientUrl}/prompt-logging`]: (request: FakeRequest) => {
      const { minutes } = request.body as { minutes: number };
      posts += 1;
      if (posts === 1)
        return { status: 400, body: { error: 'body.reason: too long', code: 'VALIDATION_ERROR' } };
      until = new Date(Date.now() + minutes * 60_000).toISOString();
      return { status: 200, body: detail().client };
    },
    [`DELETE ${clientUrl}/prompt-logging`]: () => {
      until = null;
      return { status: 200, body: detail().client };
    },
  });
}

beforeEach(storeSession);

describe('prompt logging in the admin console', () => {
  it('turns it on for the minutes and reason given, shows until when, and turns it off', async () => {
    const api = consoleApi();
    renderApp(api, `/admin/clients/${client.id}`);
    const user = userEvent.setup();
    const card = await screen.findByTestId('prompt-logging');
    expect(within(card).getByText(messagesEn['promptLogging.off'])).toBeTruthy();
    expect(within(card).queryByRole('button', { name: messagesEn['promptLogging.turnOff'] })).toBeNull();

    await user.click(within(card).getByRole('button', { name: messagesEn['promptLogging.turnOn'] }));
    const dialog = await screen.findByRole('dialog');
    const minutes = within(dialog).getByLabelText(messagesEn['promptLogging.minutes'], { exact: false });
    const submit = within(dialog).getByRole('button', { name: messagesEn['promptLogging.turnOn'] });
    expect((submit as HTMLButtonElement).disabled).toBe(true); // no reason yet
    await user.clear(minutes);
    await user.type(minutes, '90');
    await user.type(
      within(dialog).getByLabelText(messagesEn['promptLogging.reason'], { exact: false }),
      'ticket 4242',
    );
    await user.click(submit);
    // The server's refusal is shown in the dialog, which stays open.
    expect((await within(dialog).findByRole('alert')).textContent).toBeTruthy();
    await user.click(submit);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const posts = api.requests.filter((request) => request.method === 'POST');
    expect(posts.map((request) => request.body)).toEqual([
      { minutes: 90, reason: 'ticket 4242' },
      { minutes: 90, reason: 'ticket 4242' },
    ]);
    const onUntil = messagesEn['promptLogging.onUntil'].replace(' {time}', '');
    await waitFor(() => expect(within(card).getByText(new RegExp(`^${onUntil}`))).toBeTruthy());

    await user.click(within(card).getByRole('button', { name: messagesEn['promptLogging.turnOff'] }));
    await waitFor(() => expect(within(card).getByText(messagesEn['promptLogging.off'])).toBeTruthy());
    expect(api.requests.filter((request) => request.method === 'DELETE')).toHaveLength(1);
  });

  it('is in Brazilian Portuguese', async () => {
    renderApp(consoleApi(), `/admin/clients/${client.id}`, 'pt-BR');
    const card = await screen.findByTestId('prompt-logging');
    expect(within(card).getByRole('heading', { name: messagesPtBr['promptLogging.title'] })).toBeTruthy();
    expect(within(card).getByRole('button', { name: messagesPtBr['promptLogging.turnOn'] })).toBeTruthy();
  });
});

describe("prompt logging on the owner's company settings", () => {
  it('says until when it is on and who turned it on, and why', async () => {
    const me = meAnswer();
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const api = fakeApi({
      'GET /v1/me': {
        status: 200,
        body: { ...me, client: { ...me.client, prompt_logging_until: until } },
      },
      'GET /v1/audit': {
        status: 200,
        body: {
          data: [
            {
              id: '0190a000-0000-7000-8000-0000000000e1',
              actor_type: 'platform_admin',
              actor_id: '0190a000-0000-7000-8000-0000000000e2',
              actor_email: 'support@renum.test',
              action: 'admin.clients.prompt_logging.on',
              target_type: 'client',
              target_id: me.client.id,
              data: { reason: 'ticket 4242', minutes: 60, until },
              created_at: now,
            },
          ],
          next_cursor: null,
        },
      },
    });
    renderApp(api, '/settings/company');
    const notice = await screen.findByTestId('prompt-logging-notice');
    const onText = messagesEn['promptLogging.client.on'].split(' {time}')[0]!;
    expect(within(notice).getByTestId('prompt-logging-state').textContent).toContain(onText);
    expect(await within(notice).findByText(/support@renum\.test.*ticket 4242/)).toBeTruthy();
    const audit = api.requests.find((request) => request.path === '/v1/audit');
    expect(audit).toBeTruthy();
  });
});
