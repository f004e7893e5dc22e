import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { messagesEn } from '../src/i18n/messages-en.ts';
import { messagesPtBr } from '../src/i18n/messages-pt-br.ts';
import { chooseOption } from './choose-option.ts';
import { fakeApi, meAnswer } from './fake-api.ts';
import { renderApp, storeSession } from './render-app.tsx';

const now = '2026-01-01T00:00:00.000Z';
const me = meAnswer();
const keyId = '0190a000-0000-7000-8000-0000000000b1';

const apiKey = (overrides: Record<string, unknown> = {}) => ({
  id: keyId,
  name: 'CRM',
  prefix: 'rk_live_ab12',
  role: 'member',
  created_at: now,
  last_used_at: null,
  expires_at: null,
  revoked_at: null,
  ...overrides,
});

const member = (userId: string, name: string, role: string) => ({
  user_id: userId,
  email: `${name.toLowerCase()}@example.com`,
  name,
  role,
  created_at: now,
});
const bruno = '0190a000-0000-7000-8000-0000000000b2';

beforeEach(storeSession);

describe('API keys page', () => {
  it('creates a key, shows its secret once with a copy button, and revokes it after confirming', async () => {
    let keys: Array<Record<string, unknown>> = [
      apiKey({ name: 'Old', id: '0190a000-0000-7000-8000-0000000000b0', revoked_at: now }),
    ];
    const api = fakeApi({
      'GET /v1/me': { status: 200, body: me },
      'GET /v1/api-keys': () => ({ status: 200, body: { data: keys } }),
      'POST /v1/api-keys': (request) => {
        const created = apiKey({ name: (request.body as { name: string }).name });
        keys = [created, ...keys];
        return { status: 201, body: { ...created, secret: 'rk_live_ab12.secret-value' } };
      },
      [`DELETE /v1/api-keys/${keyId}`]: () => {
        keys = keys.map((key) => (key.id === keyId ? { ...key, revoked_at: now } : key));
        return { status: 204 };
      },
    });
    renderApp(api, '/api-keys');
    const user = userEvent.setup();
    expect(await screen.findByText(messagesEn['apiKeys.state.revoked'])).toBeTruthy();
    await user.click(screen.getAllByRole('button', { name: messagesEn['apiKeys.create'] })[0]!);
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: messagesEn['apiKeys.create'] }));
    expect(within(dialog).getByLabelText(/^Name/).getAttribute('aria-invalid')).toBe('true');
    await user.type(within(dialog).getByLabelText(/^Name/), 'CRM');
    await user.click(within(dialog).getByRole('button', { name: messagesEn['apiKeys.create'] }));
    expect((await screen.findByTestId('secret-once')).textContent).toBe('rk_live_ab12.secret-value');
    expect(api.requests.find((request) => request.method === 'POST')?.body).toEqual({
      name: 'CRM',
      role: 'member',
    });
    await user.click(screen.getByRole('button', { name: messagesEn['secret.copy'] }));
    expect(await screen.findByText(/Copied|Could not copy/)).toBeTruthy();
    await user.click(screen.getAllByRole('button', { name: messagesEn['common.close'] })[0]!);
    await waitFor(() => expect(screen.queryByTestId('secret-once')).toBeNull());

    await user.click(await screen.findByRole('button', { name: 'Revoke CRM' }));
    const confirm = await screen.findByRole('alertdialog');
    await user.click(within(confirm).getByRole('button', { name: messagesEn['apiKeys.revoke'] }));
    await waitFor(() => expect(api.requests.some((request) => request.method === 'DELETE')).toBe(true));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Revoke CRM' })).toBeNull());
    // The secret is never shown again: the list holds only the prefix.
    expect(document.body.textContent).not.toContain('secret-value');
  });

  it('speaks Portuguese and leads an empty list to the first key', async () => {
    const api = fakeApi({
      'GET /v1/me': { status: 200, body: me },
      'GET /v1/api-keys': { status: 200, body: { data: [] } },
    });
    renderApp(api, '/api-keys', 'pt-BR');
    expect(await screen.findByText(messagesPtBr['apiKeys.empty'])).toBeTruthy();
    expect(screen.getAllByRole('button', { name: messagesPtBr['apiKeys.create'] }).length).toBe(2);
  });
});

describe('members page', () => {
  it('invites with a link shown once, changes a role, and never offers to demote or remove the last owner', async () => {
    const api = fakeApi({
      'GET /v1/me': { status: 200, body: me },
      'GET /v1/members': {
        status: 200,
        body: { data: [member(me.user.id, 'Ana', 'owner'), member(bruno, 'Bruno', 'member')] },
      },
      'GET /v1/invitations': { status: 200, body: { data: [] } },
      'POST /v1/invitations': (request) => ({
        status: 201,
        body: {
          invitation: {
            id: '0190a000-0000-7000-8000-0000000000d1',
            email: (request.body as { email: string }).email,
            role: 'admin',
            status: 'pending',
            expires_at: now,
            created_at: now,
          },
          token: 'inv_x',
          accept_url: 'http://renum.test/invitations/accept?token=inv_x',
        },
      }),
      [`PATCH /v1/members/${bruno}`]: { status: 200, body: member(bruno, 'Bruno', 'admin') },
    });
    renderApp(api, '/members');
    const user = userEvent.setup();
    await screen.findByText('Bruno');
    expect(screen.queryByLabelText('Role of Ana')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Remove Ana' })).toBeNull();
    await chooseOption(user, screen.getByRole('combobox', { name: 'Role of Bruno' }), 'Admin');
    await waitFor(() =>
      expect(api.requests.find((request) => request.method === 'PATCH')?.body).toEqual({ role: 'admin' }),
    );

    await user.click(screen.getByRole('button', { name: messagesEn['members.invite'] }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(/^Email/), 'carla@example.com');
    await chooseOption(user, within(dialog).getByRole('combobox', { name: /^Role/ }), 'Admin');
    await user.click(within(dialog).getByRole('button', { name: messagesEn['members.send'] }));
    expect((await screen.findByTestId('secret-once')).textContent).toBe(
      'http://renum.test/invitations/accept?token=inv_x',
    );
    expect(api.requests.find((request) => request.method === 'POST')?.body).toEqual({
      email: 'carla@example.com',
      role: 'admin',
    });
  });

  it('says why when the server refuses to leave the company without an owner', async () => {
    const api = fakeApi({
      'GET /v1/me': { status: 200, body: me },
      'GET /v1/members': {
        status: 200,
        body: { data: [member(me.user.id, 'Ana', 'owner'), member(bruno, 'Bruno', 'owner')] },
      },
      'GET /v1/invitations': { status: 200, body: { data: [] } },
      [`PATCH /v1/members/${bruno}`]: {
        status: 409,
        body: { error: 'A client must keep at least one owner', code: 'CONFLICT' },
      },
    });
    renderApp(api, '/members', 'pt-BR');
    const user = userEvent.setup();
    await chooseOption(user, await screen.findByRole('combobox', { name: 'Papel de Bruno' }), 'Membro');
    expect(await screen.findByText(messagesPtBr['members.lastOwner'])).toBeTruthy();
  });
});
