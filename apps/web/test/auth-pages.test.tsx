import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, meAnswer, sessionAnswer } from './fake-api.ts';
import { renderApp, storeSession } from './render-app.tsx';

describe('auth screens', () => {
  it('sends a logged-out person to the login page, keeping where they were going', async () => {
    const api = fakeApi({});
    const history = renderApp(api, '/agents');
    expect(await screen.findByRole('heading', { name: 'Log in to Renum' })).toBeTruthy();
    expect(history.location.pathname).toBe('/login');
    expect(history.location.search).toContain('redirect');
  });

  it('validates with the contract schema before sending anything', async () => {
    const api = fakeApi({});
    renderApp(api, '/signup');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/Email/), 'not-an-email');
    await user.type(screen.getByLabelText(/Password/), 'short');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    const password = screen.getByLabelText(/Password/);
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(
      document.getElementById(password.getAttribute('aria-describedby')!.split(' ').at(-1)!)?.textContent,
    ).toBe('must be at least 8 characters');
    expect(screen.getByLabelText(/Email/).getAttribute('aria-invalid')).toBe('true');
    expect(api.requests.filter((request) => request.path === '/v1/auth/signup')).toHaveLength(0);
  });

  it("shows the server's field errors beside the right field", async () => {
    const api = fakeApi({
      'POST /v1/auth/signup': {
        status: 409,
        body: { error: 'Email already registered', code: 'EMAIL_TAKEN' },
      },
    });
    renderApp(api, '/signup');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/Your name/), 'Ana');
    await user.type(screen.getByLabelText(/Company name/), 'Loja');
    await user.type(screen.getByLabelText(/Email/), 'ana@example.com');
    await user.type(screen.getByLabelText(/Password/), 'long enough password');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This email already has an account. Log in instead.',
    );

    const fieldApi = fakeApi({
      'POST /v1/auth/login': {
        status: 400,
        body: {
          error: 'Invalid body.email',
          code: 'VALIDATION_ERROR',
          details: [{ field: 'body.email', message: 'unknown domain' }],
        },
      },
    });
    document.body.innerHTML = '';
    renderApp(fieldApi, '/login');
    await user.type(await screen.findByLabelText(/Email/), 'ana@example.com');
    await user.type(screen.getByLabelText(/Password/), 'whatever');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    await waitFor(() => expect(screen.getByLabelText(/Email/).getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('unknown domain')).toBeTruthy();
  });

  it('logs in, lands on the dashboard and keeps the session in storage', async () => {
    const api = fakeApi({
      'POST /v1/auth/login': { status: 200, body: sessionAnswer() },
      'GET /v1/me': { status: 200, body: meAnswer() },
      'POST /v1/auth/logout': { status: 204 },
    });
    const history = renderApp(api, '/login');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/Email/), 'ANA@example.com ');
    await user.type(screen.getByLabelText(/Password/), 'secret password');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeTruthy();
    expect(history.location.pathname).toBe('/');
    // The contract schema normalised the email before it was sent.
    expect(api.requests.find((request) => request.path === '/v1/auth/login')?.body).toEqual({
      email: 'ana@example.com',
      password: 'secret password',
    });
    expect(JSON.parse(localStorage.getItem('renum.session')!).refreshToken).toBe('refresh-token-0123456789');
    expect(screen.getAllByRole('navigation', { name: 'Main navigation' }).length).toBeGreaterThan(0);

    await user.click(screen.getByRole('button', { name: 'Log out' }));
    expect(await screen.findByRole('heading', { name: 'Log in to Renum' })).toBeTruthy();
    expect(localStorage.getItem('renum.session')).toBeNull();
    expect(api.requests.some((request) => request.path === '/v1/auth/logout')).toBe(true);
  });

  it('restores a stored session at start, in Brazilian Portuguese', async () => {
    storeSession();
    const api = fakeApi({ 'GET /v1/me': { status: 200, body: meAnswer('Bruno') } });
    renderApp(api, '/', 'pt-BR');
    expect(await screen.findByRole('heading', { name: 'Painel' })).toBeTruthy();
    expect(screen.getByText('Bem-vindo(a), Bruno')).toBeTruthy();
    expect(screen.getAllByRole('link', { name: 'Agentes' }).length).toBeGreaterThan(0);
    expect(document.documentElement.lang).toBe('pt-BR');
  });
});
