import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { messagesEn } from '../src/i18n/messages-en.ts';
import { messagesPtBr } from '../src/i18n/messages-pt-br.ts';
import { checklistSteps } from '../src/pages/dashboard/checklist.ts';
import { versionDiff } from '../src/pages/prompt-templates/version-diff.ts';
import { chooseOption } from './choose-option.ts';
import { fakeApi, meAnswer } from './fake-api.ts';
import { renderApp, storeSession } from './render-app.tsx';

const now = '2026-01-01T00:00:00.000Z';
const me = meAnswer();
const clientId = me.client.id;
const templateId = '0190a000-0000-7000-8000-0000000000d1';
const agentId = '0190a000-0000-7000-8000-0000000000d2';
const versionIds = ['0190a000-0000-7000-8000-0000000000e1', '0190a000-0000-7000-8000-0000000000e2'];
const bodies = [
  'Be brief.\nAnswer in English.\nSign as Ana.',
  'Be brief.\nAnswer in Portuguese.\nSign as Ana.',
];

const version = (n: number) => ({
  id: versionIds[n - 1]!,
  client_id: clientId,
  template_id: templateId,
  version: n,
  body: bodies[n - 1]!,
  variables: [],
  created_by: null,
  created_at: now,
});
const summary = (n: number) => {
  const { body: _body, ...rest } = version(n);
  return rest;
};

beforeEach(storeSession);

describe('versionDiff', () => {
  it('marks changed lines removed then added and counts them; equal texts have no change', () => {
    const diff = versionDiff(bodies[0]!, bodies[1]!);
    expect(diff.lines).toEqual([
      { kind: 'same', text: 'Be brief.' },
      { kind: 'removed', text: 'Answer in English.' },
      { kind: 'added', text: 'Answer in Portuguese.' },
      { kind: 'same', text: 'Sign as Ana.' },
    ]);
    expect([diff.added, diff.removed]).toEqual([1, 1]);
    expect(versionDiff('a\nb', 'a\nb\n')).toMatchObject({ added: 0, removed: 0 });
    expect(versionDiff('', 'x\ny')).toMatchObject({ added: 2 });
  });
});

describe('checklistSteps', () => {
  const none = { agents: 0, conversations: 0, credentials: 0, members: 1, pendingInvitations: 0 };
  it('ticks each step from what exists and points at the first one left', () => {
    expect(checklistSteps(none)).toMatchObject({ done: 0, next: { id: 'agent' } });
    const some = checklistSteps({ ...none, agents: 2, credentials: 1 });
    expect(some.steps.map((step) => step.done)).toEqual([true, false, true, false]);
    expect(some.next?.id).toBe('try');
    // A colleague counts as soon as they are invited, and once they joined.
    expect(checklistSteps({ ...none, pendingInvitations: 1 }).steps[3]!.done).toBe(true);
    expect(checklistSteps({ ...none, members: 2 }).steps[3]!.done).toBe(true);
    const all = checklistSteps({
      agents: 1,
      conversations: 1,
      credentials: 1,
      members: 2,
      pendingInvitations: 0,
    });
    expect(all).toMatchObject({ done: 4, next: null });
  });
});

describe('prompt template page', () => {
  it('shows the diff of two versions and points an agent at the latest version', async () => {
    const api = fakeApi({
      'GET /v1/me': { status: 200, body: me },
      [`GET /v1/prompt-templates/${templateId}`]: {
        status: 200,
        body: {
          id: templateId,
          client_id: clientId,
          name: 'Support',
          description: null,
          latest_version: 2,
          created_at: now,
          updated_at: now,
          latest: version(2),
          versions: [summary(2), summary(1)],
        },
      },
      [`GET /v1/prompt-templates/${templateId}/versions/1`]: { status: 200, body: version(1) },
      [`GET /v1/prompt-templates/${templateId}/versions/2`]: { status: 200, body: version(2) },
      'GET /v1/agents': {
        status: 200,
        body: { data: [{ id: agentId, name: 'Helper' }], next_cursor: null },
      },
      [`PATCH /v1/agents/${agentId}`]: (request) => ({
        status: 200,
        body: { id: agentId, name: 'Helper', ...(request.body as object) },
      }),
    });
    const history = renderApp(api, `/prompt-templates/${templateId}`);
    const user = userEvent.setup();
    expect(await screen.findByTestId('diff-summary', {}, { timeout: 5000 })).toHaveProperty(
      'textContent',
      '1 lines added, 1 removed',
    );
    const removed = document.querySelector('[data-kind="removed"]');
    const added = document.querySelector('[data-kind="added"]');
    expect(removed?.textContent).toContain('Answer in English.');
    expect(added?.textContent).toContain('Answer in Portuguese.');
    const useCard = screen
      .getByRole('heading', { name: messagesEn['templates.useInAgent'] })
      .closest('section')!;
    await chooseOption(
      user,
      within(useCard as HTMLElement).getByRole('combobox', { name: messagesEn['templates.agent'] }),
      'Helper',
    );
    await user.click(within(useCard as HTMLElement).getByRole('button', { name: 'Use version 2' }));
    await waitFor(() => expect(history.location.pathname).toBe(`/agents/${agentId}`), { timeout: 5000 });
    const patch = api.requests.find((request) => request.method === 'PATCH');
    expect(patch?.body).toEqual({ prompt_template_version_id: versionIds[1], system_prompt: bodies[1] });
  });
});

describe('first-run checklist', () => {
  it('ticks a step when what it asks for now exists, in Portuguese', async () => {
    let agents: unknown[] = [];
    const empty = { data: [], next_cursor: null };
    const api = fakeApi({
      'GET /v1/me': { status: 200, body: me },
      'GET /v1/dashboard': {
        status: 200,
        body: {
          agents_by_status: { active: 0, draft: 0, inactive: 0 },
          conversations_today: 0,
          runs_today: 0,
          month: { total_tokens: 0, cost_usd: 0 },
          recent_errors: [],
        },
      },
      'GET /v1/agents': () => ({ status: 200, body: { ...empty, data: agents } }),
      'GET /v1/conversations': { status: 200, body: empty },
      'GET /v1/credentials': { status: 200, body: { data: [] } },
      'GET /v1/members': { status: 200, body: { data: [{ user_id: me.user.id }] } },
      'GET /v1/invitations': { status: 200, body: { data: [] } },
      'GET /v1/notifications': { status: 200, body: empty },
    });
    const history = renderApp(api, '/', 'pt-BR');
    const list = await screen.findByTestId('first-run-checklist', {}, { timeout: 5000 });
    expect(
      within(list).getByText(
        messagesPtBr['checklist.progress'].replace('{done}', '0').replace('{total}', '4'),
      ),
    ).toBeTruthy();
    expect(list.querySelector('[data-step="agent"]')?.getAttribute('data-done')).toBe('false');
    agents = [{ id: agentId, name: 'Helper' }];
    history.push('/members');
    await screen.findByRole('heading', { name: messagesPtBr['nav.members'], level: 1 }, { timeout: 5000 });
    history.push('/');
    await waitFor(() =>
      expect(
        screen
          .getByTestId('first-run-checklist')
          .querySelector('[data-step="agent"]')
          ?.getAttribute('data-done'),
      ).toBe('true'),
    );
    expect(screen.getByText('1 de 4 feitos')).toBeTruthy();
  });
});

describe('notifications centre', () => {
  it('marks a notification read, and the unread badge in the navigation follows', async () => {
    const id = '0190a000-0000-7000-8000-0000000000f1';
    let readAt: string | null = null;
    const notification = () => ({
      id,
      kind: 'budget.warning',
      payload: {},
      created_at: now,
      read_at: readAt,
    });
    const api = fakeApi({
      'GET /v1/me': { status: 200, body: me },
      'GET /v1/approvals': { status: 200, body: { data: [], next_cursor: null } },
      // The fake ignores the query: the badge's `unread=true` list is this one, filtered here.
      'GET /v1/notifications': () => ({
        status: 200,
        body: { data: readAt ? [] : [notification()], next_cursor: null },
      }),
      [`POST /v1/notifications/${id}/read`]: () => {
        readAt = now;
        return { status: 200, body: notification() };
      },
    });
    renderApp(api, '/notifications');
    const user = userEvent.setup();
    const title = messagesEn['notifications.kind.budget.warning'];
    await screen.findByText(title, {}, { timeout: 5000 });
    expect(
      screen.getAllByText(messagesEn['nav.unreadNotifications'].replace('{count}', '1')).length,
    ).toBeGreaterThan(0);
    await user.click(
      screen.getByRole('button', {
        name: messagesEn['notifications.markReadNamed'].replace('{title}', title),
      }),
    );
    await waitFor(() => expect(screen.queryAllByTestId('unread-badge')).toHaveLength(0), { timeout: 5000 });
    expect(api.requests.some((request) => request.path === `/v1/notifications/${id}/read`)).toBe(true);
  });
});

describe('the plan every client starts on', () => {
  it('is named in the reader’s language on the dashboard, not by its id', async () => {
    const empty = { data: [], next_cursor: null };
    const api = fakeApi({
      'GET /v1/me': { status: 200, body: me },
      'GET /v1/dashboard': {
        status: 200,
        body: {
          agents_by_status: { active: 0, draft: 0, inactive: 0 },
          conversations_today: 0,
          runs_today: 0,
          month: { total_tokens: 0, cost_usd: 0 },
          recent_errors: [],
        },
      },
      'GET /v1/limits': {
        status: 200,
        body: {
          client_id: me.client.id,
          plan: 'unlimited',
          month: '2026-12',
          period_start: '2026-12-01T00:00:00.000Z',
          period_end: '2027-01-01T00:00:00.000Z',
          monthly_budget_usd: null,
          spent_usd: 0,
          budget_used_percent: null,
          budget_status: 'ok',
          requests_per_minute: null,
          max_concurrent_runs: null,
          active_runs: 0,
          overrides: { monthly_budget_usd: null, requests_per_minute: null, max_concurrent_runs: null },
        },
      },
      'GET /v1/agents': { status: 200, body: empty },
      'GET /v1/conversations': { status: 200, body: empty },
      'GET /v1/credentials': { status: 200, body: { data: [] } },
      'GET /v1/members': { status: 200, body: { data: [{ user_id: me.user.id }] } },
      'GET /v1/invitations': { status: 200, body: { data: [] } },
      'GET /v1/notifications': { status: 200, body: empty },
    });
    renderApp(api, '/', 'pt-BR');
    expect(await screen.findByText(/^Plano Ilimitado/, {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.queryByText(/unlimited/)).toBeNull();
  });
});

describe('company language', () => {
  it('opens in the company’s language until the person picks one, then keeps their choice', async () => {
    const portuguese = { ...me, client: { ...me.client, settings: { language: 'pt-BR' } } };
    const api = fakeApi({
      'GET /v1/me': { status: 200, body: portuguese },
      'GET /v1/notifications': { status: 200, body: { data: [], next_cursor: null } },
    });
    renderApp(api, '/notifications');
    await screen.findByRole(
      'heading',
      { name: messagesPtBr['nav.notifications'], level: 1 },
      { timeout: 5000 },
    );
    expect(localStorage.getItem('renum.locale')).toBe('pt-BR');
  });

  it('does not override a language the person chose', async () => {
    localStorage.setItem('renum.locale', 'en');
    const portuguese = { ...me, client: { ...me.client, settings: { language: 'pt-BR' } } };
    const api = fakeApi({
      'GET /v1/me': { status: 200, body: portuguese },
      'GET /v1/notifications': { status: 200, body: { data: [], next_cursor: null } },
    });
    renderApp(api, '/notifications');
    await screen.findByText(messagesEn['notifications.empty'], {}, { timeout: 5000 });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(messagesEn['nav.notifications']);
  });
});
