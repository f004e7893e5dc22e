import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

describe('platform admin routes', () => {
  let t: TestApp;
  let admin: TestSession;
  let owner: TestSession;
  beforeAll(async () => {
    t = await createTestApp(pglite);
    admin = await t.platformAdmin();
    owner = await t.signup();
    await t.createAgent(owner.accessToken, { name: 'Owned', system_prompt: 'x' });
  });
  afterAll(async () => t?.close());

  it('are forbidden to client owners and API keys', async () => {
    const key = (
      await t.request({
        method: 'POST',
        url: '/v1/api-keys',
        token: owner.accessToken,
        body: { name: 'k', role: 'admin' },
      })
    ).json().secret;
    for (const url of ['/v1/admin/clients', '/v1/admin/users', '/v1/admin/agents']) {
      const asOwner = await t.request({ method: 'GET', url, token: owner.accessToken });
      expect(asOwner.statusCode).toBe(403);
      expect(asOwner.json().code).toBe('FORBIDDEN');
      expect((await t.request({ method: 'GET', url, headers: { 'x-api-key': key } })).statusCode).toBe(403);
    }
    const patch = await t.request({
      method: 'PATCH',
      url: `/v1/admin/clients/${owner.clientId}`,
      token: owner.accessToken,
      body: { status: 'suspended' },
    });
    expect(patch.statusCode).toBe(403);
  });

  it('list clients, people and agents across clients, and are audited', async () => {
    const clients = await t.request({
      method: 'GET',
      url: '/v1/admin/clients?limit=100',
      token: admin.accessToken,
    });
    expect(clients.json().data.map((c: { id: string }) => c.id)).toContain(owner.clientId);
    const users = await t.request({
      method: 'GET',
      url: '/v1/admin/users?limit=100',
      token: admin.accessToken,
    });
    expect(users.json().data.map((u: { email: string }) => u.email)).toContain(owner.email);
    expect(users.body).not.toContain('argon2');
    const agents = await t.request({
      method: 'GET',
      url: `/v1/admin/agents?client_id=${owner.clientId}`,
      token: admin.accessToken,
    });
    expect(agents.json().data.map((a: { name: string }) => a.name)).toEqual(['Owned']);
    const audit = await t.handle.query<{ action: string; actor_type: string }>(
      'select action, actor_type from audit_log where actor_id = $1 order by created_at',
      [admin.userId],
    );
    expect(audit).toEqual([
      { action: 'admin.clients.list', actor_type: 'platform_admin' },
      { action: 'admin.users.list', actor_type: 'platform_admin' },
      { action: 'admin.agents.list', actor_type: 'platform_admin' },
    ]);
  });

  it('create a client with its owner, who can log in', async () => {
    const email = `new-owner-${Date.now()}@example.com`;
    const created = await t.request({
      method: 'POST',
      url: '/v1/admin/clients',
      token: admin.accessToken,
      body: {
        name: 'Acme Ltda',
        plan: 'pro',
        owner: { email, name: 'Acme Owner', password: 'acme-password' },
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'Acme Ltda',
      slug: 'acme-ltda',
      plan: 'pro',
      status: 'active',
    });
    const login = await t.request({
      method: 'POST',
      url: '/v1/auth/login',
      body: { email, password: 'acme-password' },
    });
    expect(login.json()).toMatchObject({ role: 'owner', client: { id: created.json().id } });
    const unknown = await t.request({
      method: 'PATCH',
      url: '/v1/admin/clients/01900000-0000-7000-8000-000000000000',
      token: admin.accessToken,
      body: { plan: 'x' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('CLIENT_NOT_FOUND');
  });
});

describe('members', () => {
  let t: TestApp;
  let owner: TestSession;
  beforeAll(async () => {
    t = await createTestApp(pglite);
    owner = await t.signup();
  });
  afterAll(async () => t?.close());

  const invite = (body: object, token = owner.accessToken) =>
    t.request({ method: 'POST', url: '/v1/members', token, body });

  it('invites, lists, changes roles and removes, keeping one owner', async () => {
    const admin = await t.joinAs(owner.accessToken, 'admin');
    expect((await invite({ email: admin.email, role: 'member' })).json().code).toBe('CONFLICT');
    const members = await t.request({ method: 'GET', url: '/v1/members', token: owner.accessToken });
    expect(members.json().data.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
      [owner.email, 'owner'],
      [admin.email, 'admin'],
    ]);
    // Nobody is invited as an owner (an owner promotes a member instead), and an admin cannot touch the owner.
    const asOwner = await invite({ email: `x-${Date.now()}@example.com`, role: 'owner' }, admin.accessToken);
    expect(asOwner.statusCode).toBe(400);
    expect(asOwner.json().code).toBe('VALIDATION_ERROR');
    const demote = await t.request({
      method: 'PATCH',
      url: `/v1/members/${owner.userId}`,
      token: admin.accessToken,
      body: { role: 'member' },
    });
    expect(demote.statusCode).toBe(403);
    const lastOwner = await t.request({
      method: 'PATCH',
      url: `/v1/members/${owner.userId}`,
      token: owner.accessToken,
      body: { role: 'admin' },
    });
    expect(lastOwner.statusCode).toBe(409);
    const changed = await t.request({
      method: 'PATCH',
      url: `/v1/members/${admin.userId}`,
      token: owner.accessToken,
      body: { role: 'member' },
    });
    expect(changed.json().role).toBe('member');
    expect(
      (
        await t.request({
          method: 'DELETE',
          url: `/v1/members/${admin.userId}`,
          token: owner.accessToken,
        })
      ).statusCode,
    ).toBe(204);
    const refresh = await t.refresh(admin.refreshToken);
    expect(refresh.statusCode).toBe(401);
  });

  it('forbids members from managing members, invitations and keys', async () => {
    const { accessToken: token } = await t.joinAs(owner.accessToken, 'member');
    expect((await invite({ email: 'y@example.com' }, token)).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/v1/invitations', token })).statusCode).toBe(403);
    expect(
      (await t.request({ method: 'POST', url: '/v1/api-keys', token, body: { name: 'k' } })).statusCode,
    ).toBe(403);
    expect((await t.request({ method: 'GET', url: '/v1/members', token })).statusCode).toBe(200);
  });

  it('does not show another client’s members', async () => {
    const other = await t.signup();
    const members = await t.request({ method: 'GET', url: '/v1/members', token: other.accessToken });
    expect(members.json().data.map((m: { email: string }) => m.email)).toEqual([other.email]);
    const foreign = await t.request({
      method: 'DELETE',
      url: `/v1/members/${owner.userId}`,
      token: other.accessToken,
    });
    expect(foreign.statusCode).toBe(404);
  });
});
