import { createHash, randomBytes } from 'node:crypto';
import { testDatabaseTargets } from '@renum/testing';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

/** Every key path of a JSON value (`invitation.id`, `token`, …), sorted. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value)
    .flatMap(([key, inner]) => keyPaths(inner, prefix ? `${prefix}.${key}` : key))
    .sort();
}

describe('invitations', () => {
  let t: TestApp;
  let owner: TestSession;
  let existing: TestSession;
  const freshEmail = () => `new-${randomBytes(6).toString('hex')}@example.com`;

  beforeAll(async () => {
    t = await createTestApp(pglite);
    owner = await t.signup({ client_name: 'Loja da Ana' });
    existing = await t.signup();
  });
  afterAll(async () => t?.close());

  const invite = (email: string, role = 'member', token = owner.accessToken) =>
    t.request({ method: 'POST', url: '/v1/invitations', token, body: { email, role } });
  const accept = (token: string, invitationToken: string) =>
    t.request({ method: 'POST', url: '/v1/invitations/accept', token, body: { token: invitationToken } });
  const membershipsOf = async (userId: string) =>
    (
      await t.handle.query<{ client_id: string; role: string }>(
        'select client_id, role from memberships where user_id = $1 order by created_at',
        [userId],
      )
    ).map((row) => [row.client_id, row.role]);
  const expectNotFound = (response: LightMyRequestResponse) => {
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'Invitation not found', code: 'INVITATION_NOT_FOUND' });
  };

  it('answers the same keys for an existing account and a new email, and adds nobody', async () => {
    const before = await membershipsOf(existing.userId);
    const toExisting = await invite(existing.email.toUpperCase(), 'admin');
    const toNew = await t.request({
      method: 'POST',
      url: '/v1/members', // the alias answers the same
      token: owner.accessToken,
      body: { email: freshEmail(), role: 'admin' },
    });
    expect([toExisting.statusCode, toNew.statusCode]).toEqual([201, 201]);
    expect(keyPaths(toExisting.json())).toEqual(keyPaths(toNew.json()));
    expect(keyPaths(toExisting.json())).toEqual([
      'accept_url',
      'invitation.created_at',
      'invitation.email',
      'invitation.expires_at',
      'invitation.id',
      'invitation.role',
      'invitation.status',
      'token',
    ]);
    for (const leak of [existing.userId, 'Owner', 'temporary_password', 'user_id', 'name'])
      expect(toExisting.body).not.toContain(leak);
    const body = toExisting.json();
    expect(body.invitation).toMatchObject({ email: existing.email, role: 'admin', status: 'pending' });
    expect(body.token).toMatch(/^inv_[A-Za-z0-9_-]{43}$/);
    expect(body.accept_url).toBe(`http://localhost:3000/invitations/accept?token=${body.token}`);
    expect(Date.parse(body.invitation.expires_at) - Date.parse(body.invitation.created_at)).toBe(
      7 * 86_400_000,
    );
    // Nobody joined, and only the token's hash is stored.
    expect(await membershipsOf(existing.userId)).toEqual(before);
    const members = await t.request({ method: 'GET', url: '/v1/members', token: owner.accessToken });
    expect(members.json().data.map((m: { email: string }) => m.email)).toEqual([owner.email]);
    const [row] = await t.handle.query<{ token_hash: string }>(
      'select token_hash from invitations where id = $1',
      [body.invitation.id],
    );
    expect(row?.token_hash).toBe(createHash('sha256').update(body.token).digest('hex'));
    const audit = await t.handle.query<{ action: string }>(
      'select action from audit_log where target_id = $1',
      [body.invitation.id],
    );
    expect(audit).toEqual([{ action: 'invitation.create' }]);
  });

  it('lets the invited account accept by token while signed in, once, joining with the role', async () => {
    const person = await t.signup();
    const { token } = (await invite(person.email, 'admin')).json();
    const accepted = await accept(person.accessToken, token);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({
      client_id: owner.clientId,
      client_name: 'Loja da Ana',
      role: 'admin',
    });
    expect(await membershipsOf(person.userId)).toEqual([
      [person.clientId, 'owner'],
      [owner.clientId, 'admin'],
    ]);
    const login = await t.request({
      method: 'POST',
      url: '/v1/auth/login',
      body: { email: person.email, password: person.password, client_id: owner.clientId },
    });
    expect(login.json()).toMatchObject({ role: 'admin', client: { id: owner.clientId } });
    expectNotFound(await accept(person.accessToken, token)); // single use
    expect(await membershipsOf(person.userId)).toHaveLength(2);
    expect((await invite(person.email)).json().code).toBe('CONFLICT'); // a member now: visible to the inviter
  });

  it('refuses a wrong account, a revoked, an expired or an unknown invitation, changing nothing', async () => {
    const addressee = await t.signup();
    const stranger = await t.signup();
    const created = (await invite(addressee.email)).json();
    const unknown = await accept(stranger.accessToken, `inv_${randomBytes(32).toString('base64url')}`);
    expectNotFound(unknown);
    expectNotFound(await accept(stranger.accessToken, created.token));
    expectNotFound(
      await t.request({
        method: 'POST',
        url: `/v1/me/invitations/${created.invitation.id}/accept`,
        token: stranger.accessToken,
      }),
    );
    const key = (
      await t.request({
        method: 'POST',
        url: '/v1/api-keys',
        token: addressee.accessToken,
        body: { name: 'k', role: 'admin' },
      })
    ).json().secret;
    const byKey = await t.request({
      method: 'POST',
      url: '/v1/invitations/accept',
      headers: { 'x-api-key': key },
      body: { token: created.token },
    });
    expect(byKey.json().code).toBe('FORBIDDEN');

    const revokeUrl = `/v1/invitations/${created.invitation.id}`;
    expect((await t.request({ method: 'DELETE', url: revokeUrl, token: owner.accessToken })).statusCode).toBe(
      204,
    );
    expectNotFound(await accept(addressee.accessToken, created.token));
    expectNotFound(await t.request({ method: 'DELETE', url: revokeUrl, token: owner.accessToken }));

    const expiring = (await invite(addressee.email)).json();
    // Seven days pass.
    await t.handle.query("update invitations set expires_at = now() - interval '1 second' where id = $1", [
      expiring.invitation.id,
    ]);
    const expired = await accept(addressee.accessToken, expiring.token);
    expect(expired.statusCode).toBe(400);
    expect(expired.json().code).toBe('INVITATION_EXPIRED');
    expectNotFound(await accept(stranger.accessToken, expiring.token)); // only the addressee learns that
    const listed = await t.request({ method: 'GET', url: '/v1/invitations', token: owner.accessToken });
    expect(listed.json().data.map((i: { id: string }) => i.id)).not.toContain(expiring.invitation.id);
    const mine = await t.request({ method: 'GET', url: '/v1/me/invitations', token: addressee.accessToken });
    expect(mine.json().data).toEqual([]);

    for (const person of [addressee, stranger])
      expect(await membershipsOf(person.userId)).toEqual([[person.clientId, 'owner']]);
    const rows = await t.handle.query<{ accepted_at: Date | null; accepted_by: string | null }>(
      'select accepted_at, accepted_by from invitations where id = any($1::uuid[])',
      [[created.invitation.id, expiring.invitation.id]],
    );
    expect(rows).toEqual([
      { accepted_at: null, accepted_by: null },
      { accepted_at: null, accepted_by: null },
    ]);
  });

  it('lets a person with no client log in through an invitation, and only through one addressed to them', async () => {
    const person = await t.signup();
    // Removed from their only client: no membership left.
    await t.handle.query('delete from memberships where user_id = $1', [person.userId]);
    const login = (body: Record<string, unknown>) =>
      t.request({ method: 'POST', url: '/v1/auth/login', body: { email: person.email, ...body } });
    expect((await login({ password: person.password })).json()).toMatchObject({ code: 'AUTH_ERROR' });
    const { token } = (await invite(person.email, 'admin')).json();
    const other = (await invite(freshEmail())).json().token as string;
    // Refused, changing nothing: a wrong password, another person's invitation, both a client and a token.
    expect((await login({ password: 'wrong-password-1', invitation_token: token })).json().code).toBe(
      'AUTH_ERROR',
    );
    expectNotFound(await login({ password: person.password, invitation_token: other }));
    const both = await login({
      password: person.password,
      invitation_token: token,
      client_id: owner.clientId,
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().code).toBe('VALIDATION_ERROR');
    expect(await membershipsOf(person.userId)).toEqual([]);
    const joined = await login({ password: person.password, invitation_token: token });
    expect(joined.statusCode).toBe(200);
    expect(joined.json()).toMatchObject({
      role: 'admin',
      client: { id: owner.clientId, name: 'Loja da Ana' },
    });
    expect(await membershipsOf(person.userId)).toEqual([[owner.clientId, 'admin']]);
    expectNotFound(await login({ password: person.password, invitation_token: token })); // used once
    expect((await login({ password: person.password })).json()).toMatchObject({ role: 'admin' });
  });

  it('previews a link’s invitation without sign-in: client, role, inviter, never the email', async () => {
    const email = freshEmail();
    const { token, invitation } = (await invite(email, 'admin')).json();
    const preview = (value: string) =>
      t.request({ method: 'POST', url: '/v1/invitations/preview', body: { token: value } });
    const shown = await preview(token);
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toEqual({
      client_name: 'Loja da Ana',
      role: 'admin',
      inviter_name: expect.any(String),
      expires_at: invitation.expires_at,
    });
    expect(shown.body).not.toContain(email);
    expectNotFound(await preview(`inv_${'x'.repeat(43)}`));
    await t.handle.query("update invitations set expires_at = now() - interval '1 minute' where id = $1", [
      invitation.id,
    ]);
    expect((await preview(token)).json().code).toBe('INVITATION_EXPIRED');
    const revoked = (await invite(freshEmail())).json();
    await t.request({
      method: 'DELETE',
      url: `/v1/invitations/${revoked.invitation.id}`,
      token: owner.accessToken,
    });
    expectNotFound(await preview(revoked.token));
  });

  it('lists an existing account’s invitations and accepts one in the product, without the token', async () => {
    const person = await t.signup();
    const created = (await invite(person.email)).json();
    const mine = await t.request({ method: 'GET', url: '/v1/me/invitations', token: person.accessToken });
    expect(mine.json().data).toEqual([
      {
        id: created.invitation.id,
        client_id: owner.clientId,
        client_name: 'Loja da Ana',
        role: 'member',
        inviter_name: 'Owner',
        created_at: created.invitation.created_at,
        expires_at: created.invitation.expires_at,
      },
    ]);
    const accepted = await t.request({
      method: 'POST',
      url: `/v1/me/invitations/${created.invitation.id}/accept`,
      token: person.accessToken,
    });
    expect(accepted.json()).toMatchObject({ invitation_id: created.invitation.id, role: 'member' });
    expect(
      (await t.request({ method: 'GET', url: '/v1/me/invitations', token: person.accessToken })).json().data,
    ).toEqual([]);
  });

  it('signs up through an invitation into the inviting client, only for the invited email', async () => {
    const email = freshEmail();
    const { token } = (await invite(email)).json();
    const [{ n: clientsBefore }] = (await t.handle.query<{ n: number }>(
      'select count(*)::int as n from clients',
    )) as [{ n: number }];
    const signup = (body: object) => t.request({ method: 'POST', url: '/v1/auth/signup', body });
    const password = 'a long password';
    const wrong = await signup({ email: freshEmail(), password, name: 'Eve', invitation_token: token });
    expectNotFound(wrong);
    const both = await signup({ email, password, name: 'Bia', client_name: 'Mine', invitation_token: token });
    expect(both.json()).toMatchObject({ code: 'VALIDATION_ERROR', details: [{ field: 'body.client_name' }] });
    const neither = await signup({ email, password, name: 'Bia' });
    expect(neither.json()).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [{ field: 'body.client_name' }],
    });
    const joined = await signup({
      email: email.toUpperCase(),
      password,
      name: 'Bia',
      invitation_token: token,
    });
    expect(joined.statusCode).toBe(201);
    expect(joined.json()).toMatchObject({ role: 'member', client: { id: owner.clientId }, user: { email } });
    const [{ n: clientsAfter }] = (await t.handle.query<{ n: number }>(
      'select count(*)::int as n from clients',
    )) as [{ n: number }];
    expect(clientsAfter).toBe(clientsBefore);
    const users = await t.handle.query('select 1 from users where email like $1', ['%eve%']);
    expect(users).toEqual([]);
  });

  it('replaces a pending invitation when the same email is invited again', async () => {
    const email = freshEmail();
    const first = (await invite(email)).json();
    const second = (await invite(email, 'admin')).json();
    const listed = await t.request({ method: 'GET', url: '/v1/invitations', token: owner.accessToken });
    const ours = listed.json().data.filter((i: { email: string }) => i.email === email);
    expect(ours).toEqual([second.invitation]);
    const stale = await t.request({
      method: 'POST',
      url: '/v1/auth/signup',
      body: { email, password: 'a long password', name: 'C', invitation_token: first.token },
    });
    expectNotFound(stale);
  });

  it('keeps a client’s invitations from another client (404, nothing revoked)', async () => {
    const created = (await invite(freshEmail())).json();
    const other = await t.signup();
    const listed = await t.request({ method: 'GET', url: '/v1/invitations', token: other.accessToken });
    expect(listed.json().data).toEqual([]);
    const url = `/v1/invitations/${created.invitation.id}`;
    expectNotFound(await t.request({ method: 'DELETE', url, token: other.accessToken }));
    expectNotFound(
      await t.request({ method: 'DELETE', url: '/v1/invitations/not-a-uuid', token: other.accessToken }),
    );
    const mine = await t.request({ method: 'GET', url: '/v1/invitations', token: owner.accessToken });
    expect(mine.json().data.map((i: { id: string }) => i.id)).toContain(created.invitation.id);
    const [table] = await t.handle.query<{ relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      "select relrowsecurity, relforcerowsecurity from pg_class where relname = 'invitations'",
    );
    expect(table).toEqual({ relrowsecurity: true, relforcerowsecurity: true });
  });
});
