import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, meAnswer, sessionAnswer } from './fake-api.ts';
import { renderApp, storeSession } from './render-app.tsx';

const token = 'inv_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';
const acceptPath = `/invitations/accept?token=${token}`;
const accepted = {
  invitation_id: '0190a000-0000-7000-8000-0000000000f1',
  client_id: '0190a000-0000-7000-8000-0000000000c2',
  client_name: 'Loja do Bruno',
  role: 'admin',
  joined_at: '2026-01-02T00:00:00.000Z',
};

const preview = {
  'POST /v1/invitations/preview': {
    status: 200,
    body: {
      client_name: 'Loja do Bruno',
      role: 'admin',
      inviter_name: 'Bruno Lima',
      expires_at: '2026-01-09T00:00:00.000Z',
    },
  },
};

describe('invitation page', () => {
  it('lets a signed-in person accept, and shows the team and role they joined', async () => {
    storeSession();
    const api = fakeApi({
      ...preview,
      'GET /v1/me': { status: 200, body: meAnswer() },
      'POST /v1/invitations/accept': { status: 200, body: accepted },
    });
    renderApp(api, acceptPath);
    expect(await screen.findByRole('heading', { name: 'You are invited to a team on Renum' })).toBeTruthy();
    // What it is for, before accepting.
    expect(screen.getByText('Bruno Lima invited you to join Loja do Bruno as Admin.')).toBeTruthy();
    expect(api.requests.find((request) => request.path === '/v1/invitations/preview')?.body).toEqual({
      token,
    });
    expect(screen.getByText(/signed in as ana@example.com/)).toBeTruthy();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Accept invitation' }));
    expect(await screen.findByRole('heading', { name: 'You joined Loja do Bruno' })).toBeTruthy();
    expect(screen.getByText('You are now a member of Loja do Bruno with the role Admin.')).toBeTruthy();
    expect(api.requests.find((request) => request.path === '/v1/invitations/accept')?.body).toEqual({
      token,
    });
    expect(screen.getByRole('link', { name: 'Go to the dashboard' }).getAttribute('href')).toBe('/');
  });

  it('says an expired invitation cannot be used, and offers nothing to do with it', async () => {
    const api = fakeApi({
      'POST /v1/invitations/preview': {
        status: 400,
        body: { error: 'This invitation has expired; ask for a new one', code: 'INVITATION_EXPIRED' },
      },
    });
    renderApp(api, acceptPath, 'pt-BR');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/expirou/);
    expect(screen.queryByRole('link', { name: 'Entrar para aceitar' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Aceitar convite' })).toBeNull();
  });

  it('explains a refused invitation, in Brazilian Portuguese', async () => {
    storeSession();
    const api = fakeApi({
      ...preview,
      'GET /v1/me': { status: 200, body: meAnswer() },
      'POST /v1/invitations/accept': {
        status: 404,
        body: { error: 'Invitation not found', code: 'INVITATION_NOT_FOUND' },
      },
    });
    renderApp(api, acceptPath, 'pt-BR');
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Aceitar convite' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Este convite não pode ser usado: é para outro endereço de e-mail, foi revogado ou já foi usado.',
    );
  });

  it('lets a signed-out person join as they log in through the invitation, and lands them in the team', async () => {
    const api = fakeApi({
      ...preview,
      'POST /v1/auth/login': { status: 200, body: sessionAnswer() },
      'GET /v1/me': { status: 200, body: meAnswer() },
    });
    const history = renderApp(api, acceptPath);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('link', { name: 'Log in to accept' }));
    expect(await screen.findByRole('heading', { name: 'Log in to Renum' })).toBeTruthy();
    await user.type(screen.getByLabelText(/Email/), 'ana@example.com');
    await user.type(screen.getByLabelText(/Password/), 'secret password');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    // One request: the login carries the invitation, so someone with no team yet can join this way.
    expect(api.requests.find((request) => request.path === '/v1/auth/login')?.body).toEqual({
      email: 'ana@example.com',
      password: 'secret password',
      invitation_token: token,
    });
    const client = sessionAnswer().client!.name;
    expect(await screen.findByText(`You joined ${client}`)).toBeTruthy();
    expect(history.location.pathname).toBe('/');
    expect(api.requests.some((request) => request.path === '/v1/invitations/accept')).toBe(false);
  });

  it('signs a new person up through the invitation, without a company name', async () => {
    const api = fakeApi({
      ...preview,
      'POST /v1/auth/signup': { status: 201, body: sessionAnswer('Bia') },
      'GET /v1/me': { status: 200, body: meAnswer('Bia') },
    });
    const history = renderApp(api, acceptPath);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('link', { name: 'Create an account' }));
    expect(await screen.findByRole('heading', { name: 'Create your account to join the team' })).toBeTruthy();
    expect(screen.queryByLabelText(/Company name/)).toBeNull();
    expect(screen.getByText('Use the email address the invitation was sent to.')).toBeTruthy();
    await user.type(screen.getByLabelText(/Your name/), 'Bia');
    await user.type(screen.getByLabelText(/Email/), 'bia@example.com');
    await user.type(screen.getByLabelText(/Password/), 'long enough password');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeTruthy();
    expect(history.location.pathname).toBe('/');
    expect(api.requests.find((request) => request.path === '/v1/auth/signup')?.body).toEqual({
      name: 'Bia',
      email: 'bia@example.com',
      password: 'long enough password',
      invitation_token: token,
    });
  });
});
