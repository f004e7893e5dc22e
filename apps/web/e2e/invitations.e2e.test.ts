import type { CreatedInvitation, Me, Session } from '@renum/contracts';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, e2eSuite, screenshot, uniqueEmail, viewports } from './harness.ts';

/** Calls the API from the test, as a script or another person's browser would. */
async function call<T>(
  server: E2eServer,
  path: string,
  options: { method?: string; token?: string; body?: unknown } = {},
): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** `GET /v1/me` with the session the page's SDK stored. */
function meOfPage(page: Page): Promise<Me> {
  return page.evaluate(async () => {
    const session = JSON.parse(localStorage.getItem('renum.session') ?? '{}') as { accessToken?: string };
    const response = await fetch('/v1/me', { headers: { authorization: `Bearer ${session.accessToken}` } });
    if (!response.ok) throw new Error(`GET /v1/me: ${response.status}`);
    return response.json();
  });
}

const password = 'correct horse battery';

describe('web builder: accepting an invitation', () => {
  const suite = e2eSuite();
  let ownerToken: string;

  /** The demo owner invites `email`; answers the accept link's path, as the person would open it. */
  async function invite(email: string, role: 'admin' | 'member'): Promise<string> {
    const created = await call<CreatedInvitation>(suite.server, '/v1/invitations', {
      token: ownerToken,
      body: { email, role },
    });
    const link = new URL(created.accept_url);
    expect(link.pathname).toBe('/invitations/accept');
    // The server runs on a port the system chose: the link names that port, not 0.
    expect(link.port).toBe(new URL(suite.server.url).port);
    expect(link.searchParams.get('token')).toBe(created.token);
    return `${link.pathname}${link.search}`;
  }

  beforeAll(async () => {
    ownerToken = (await call<Session>(suite.server, '/v1/auth/login', { body: suite.server.demo }))
      .access_token;
  });

  it('a new person signs up through the link and lands in the inviting client as its admin', async () => {
    const email = uniqueEmail('invited');
    const link = await invite(email, 'admin');
    const { context, page } = await suite.openPage();
    try {
      await page.goto(link);
      await page.getByRole('heading', { name: 'You are invited to a team on Renum' }).waitFor();
      await screenshot(page, 'invitation', 'desktop');
      await page.getByRole('link', { name: 'Create an account' }).click();
      await page.getByRole('heading', { name: 'Create your account to join the team' }).waitFor();
      // Joining a team creates no company of one's own.
      expect(await page.getByLabel('Company name').count()).toBe(0);
      await page.getByLabel('Your name').fill('Bruna Lima');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Create account' }).click();

      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      expect(await page.locator('header').textContent()).toContain('Demo Company');
      const me = await meOfPage(page);
      expect(me.client?.name).toBe('Demo Company');
      expect(me.role).toBe('admin');
      expect(me.memberships).toHaveLength(1);
      const pending = await call<{ data: Array<{ email: string }> }>(suite.server, '/v1/invitations', {
        token: ownerToken,
      });
      expect(pending.data.map((invitation) => invitation.email)).not.toContain(email);

      // The same link, opened again, is used up: the page says so at once and offers nothing to do.
      await page.goto(link);
      await page
        .getByRole('alert')
        .filter({ hasText: 'This invitation cannot be used: it is for another email address' })
        .waitFor();
      expect(await page.getByRole('button', { name: 'Accept invitation' }).count()).toBe(0);
      await screenshot(page, 'invitation-used', 'desktop');
    } finally {
      await context.close();
    }
  });

  it('a person with an account logs in through the link and joins, in Portuguese on a phone', async () => {
    const email = uniqueEmail('member');
    await call<Session>(suite.server, '/v1/auth/signup', {
      body: { name: 'Caio Reis', client_name: 'Oficina do Caio', email, password },
    });
    const link = await invite(email, 'member');
    const { context, page } = await suite.openPage({ viewport: 'phone', locale: 'pt-BR' });
    try {
      await page.goto(link);
      await page.getByRole('heading', { name: 'Você foi convidado(a) para uma equipe no Renum' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('pt-BR');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewports.phone.width,
      );
      await screenshot(page, 'invitation-pt', 'phone');

      await page.getByRole('link', { name: 'Entrar para aceitar' }).click();
      await page.getByRole('heading', { name: 'Entrar no Renum' }).waitFor();
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Senha').fill(password);
      await page.getByRole('button', { name: 'Entrar', exact: true }).click();

      // Joined as they logged in through the link, and landed in the client they joined.
      // (The toast's text is there twice: shown, and in the region that announces it to screen readers.)
      await page.getByText('Você entrou em Demo Company').first().waitFor();
      await page.getByText('Agora você é membro de Demo Company com o papel Membro.').first().waitFor();
      await page.getByRole('heading', { name: 'Painel' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
      await screenshot(page, 'invitation-accepted-pt', 'phone');

      const me = await meOfPage(page);
      expect(me.memberships).toContainEqual(
        expect.objectContaining({ client_name: 'Demo Company', role: 'member' }),
      );
      expect(me).toMatchObject({ role: 'member', client: { name: 'Demo Company' } });
    } finally {
      await context.close();
    }
  });

  it('a cut or made-up link says clearly that it cannot be used', async () => {
    const { context, page } = await suite.openPage();
    const incomplete = page.getByRole('alert').filter({ hasText: 'This invitation link is incomplete.' });
    try {
      // No token, or one cut short by a mail client: said at once, with nothing to fill in first.
      await page.goto('/invitations/accept');
      await incomplete.waitFor();
      await page.goto('/invitations/accept?token=inv_abc');
      await incomplete.waitFor();
      expect(await page.getByRole('link', { name: 'Create an account' }).count()).toBe(0);
      await screenshot(page, 'invitation-incomplete', 'desktop');

      // A well-formed token that matches no invitation: the page says so at once, with nothing to fill in,
      // and the API refuses an account through it (none is created).
      const email = uniqueEmail('stranger');
      const unknown = `inv_${'x'.repeat(43)}`;
      await page.goto(`/invitations/accept?token=${unknown}`);
      await page.getByRole('alert').filter({ hasText: 'This invitation cannot be used' }).waitFor();
      expect(await page.getByRole('link', { name: 'Create an account' }).count()).toBe(0);
      await screenshot(page, 'invitation-unknown', 'desktop');
      await expect(
        call(suite.server, '/v1/auth/signup', {
          body: { name: 'Davi Melo', email, password, invitation_token: unknown },
        }),
      ).rejects.toThrow(/404/);
      await expect(call(suite.server, '/v1/auth/login', { body: { email, password } })).rejects.toThrow(
        /401/,
      );
    } finally {
      await context.close();
    }
  });
});
