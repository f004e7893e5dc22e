import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

/** Every route of the admin console's API, with a body where it takes one. */
function consoleRoutes(clientId: string, userId: string) {
  return [
    { method: 'GET', url: '/v1/admin/clients?q=a' },
    { method: 'GET', url: `/v1/admin/clients/${clientId}` },
    { method: 'POST', url: `/v1/admin/clients/${clientId}/suspend`, body: { reason: 'x' } },
    { method: 'POST', url: `/v1/admin/clients/${clientId}/reactivate`, body: { reason: 'x' } },
    {
      method: 'POST',
      url: `/v1/admin/clients/${clientId}/owner-invitation`,
      body: { email: 'o@example.com' },
    },
    { method: 'GET', url: '/v1/admin/users?q=a' },
    { method: 'PUT', url: `/v1/admin/users/${userId}/platform-role`, body: { platform_role: 'admin' } },
    { method: 'GET', url: '/v1/admin/audit' },
    { method: 'GET', url: '/v1/admin/monitoring' },
  ] as const;
}

describe('admin console API', () => {
  let t: TestApp;
  let admin: TestSession;
  let owner: TestSession;
  let agentId: string;
  beforeAll(async () => {
    t = await createTestApp(pglite, { metricsToken: 'metrics-token-admin-console' });
    admin = await t.platformAdmin();
    const started = await t.startConversation({ name: 'Support', system_prompt: 'Help.' });
    owner = started.owner;
    agentId = started.agentId;
    const answer = await t.ask(owner.accessToken, started.conversationId, 'hello', { stream: false });
    expect(answer.statusCode).toBeLessThan(300);
  });
  afterAll(async () => t?.close());

  it('refuses a client owner (403), an API key (403) and no token (401) on every route, changing nothing', async () => {
    const key = (
      await t.request({
        method: 'POST',
        url: '/v1/api-keys',
        token: owner.accessToken,
        body: { name: 'k', role: 'admin' },
      })
    ).json().secret;
    for (const route of consoleRoutes(owner.clientId, owner.userId)) {
      const asOwner = await t.request({ ...route, token: owner.accessToken });
      expect([route.url, asOwner.statusCode, asOwner.json().code]).toEqual([route.url, 403, 'FORBIDDEN']);
      const asKey = await t.request({ ...route, headers: { 'x-api-key': key } });
      expect([route.url, asKey.statusCode]).toEqual([route.url, 403]);
      expect((await t.request(route)).statusCode).toBe(401);
    }
    const [row] = await t.handle.query<{ status: string; platform_role: string }>(
      `select c.status, u.platform_role from clients c, users u where c.id = $1 and u.id = $2`,
      [owner.clientId, owner.userId],
    );
    expect(row).toEqual({ status: 'active', platform_role: 'none' });
  });

  it('lists clients with members, agents, spend and last day runs, searchable by name and status', async () => {
    const [client] = await t.handle.query<{ name: string }>('select name from clients where id = $1', [
      owner.clientId,
    ]);
    const found = await t.request({
      method: 'GET',
      url: `/v1/admin/clients?q=${encodeURIComponent(client!.name)}&status=active`,
      token: admin.accessToken,
    });
    expect(found.statusCode).toBe(200);
    const [summary] = found.json().data;
    expect(found.json().data).toHaveLength(1);
    expect(summary).toMatchObject({ id: owner.clientId, members: 1, agents: 1, runs_24h: 1, errors_24h: 0 });
    expect(typeof summary.spent_usd).toBe('number');
    const none = await t.request({
      method: 'GET',
      url: `/v1/admin/clients?q=${encodeURIComponent(client!.name)}&status=suspended`,
      token: admin.accessToken,
    });
    expect(none.json().data).toEqual([]);
    const wildcard = await t.request({
      method: 'GET',
      url: '/v1/admin/clients?q=%25',
      token: admin.accessToken,
    });
    expect(wildcard.json().data).toEqual([]);
  });

  it("shows a client's page: limits, members, agents and 30 days of usage; an unknown client is 404", async () => {
    const page = await t.request({
      method: 'GET',
      url: `/v1/admin/clients/${owner.clientId}`,
      token: admin.accessToken,
    });
    expect(page.statusCode).toBe(200);
    const detail = page.json();
    expect(detail.client.id).toBe(owner.clientId);
    expect(detail.limits.client_id).toBe(owner.clientId);
    expect(detail.members).toEqual([expect.objectContaining({ user_id: owner.userId, role: 'owner' })]);
    expect(detail.agents.map((agent: { id: string }) => agent.id)).toEqual([agentId]);
    expect(detail.usage_daily).toHaveLength(30);
    expect(detail.usage_daily.at(-1).runs).toBe(1);
    expect(page.body).not.toContain('password');
    for (const id of ['0190f5f0-0000-7000-8000-000000000000', 'not-a-uuid']) {
      const missing = await t.request({
        method: 'GET',
        url: `/v1/admin/clients/${id}`,
        token: admin.accessToken,
      });
      expect([missing.statusCode, missing.json().code]).toEqual([404, 'CLIENT_NOT_FOUND']);
    }
  });

  it('suspends and reactivates a client with a reason, audited in its log; twice is 409', async () => {
    const url = `/v1/admin/clients/${owner.clientId}`;
    const noReason = await t.request({
      method: 'POST',
      url: `${url}/suspend`,
      token: admin.accessToken,
      body: {},
    });
    expect(noReason.statusCode).toBe(400);
    const suspended = await t.request({
      method: 'POST',
      url: `${url}/suspend`,
      token: admin.accessToken,
      body: { reason: 'unpaid invoice' },
    });
    expect([suspended.statusCode, suspended.json().status]).toEqual([200, 'suspended']);
    const refused = await t.request({ method: 'GET', url: '/v1/agents', token: owner.accessToken });
    expect(refused.json().code).toBe('CLIENT_SUSPENDED');
    const again = await t.request({
      method: 'POST',
      url: `${url}/suspend`,
      token: admin.accessToken,
      body: { reason: 'again' },
    });
    expect([again.statusCode, again.json().code]).toEqual([409, 'CONFLICT']);
    const reactivated = await t.request({
      method: 'POST',
      url: `${url}/reactivate`,
      token: admin.accessToken,
      body: { reason: 'paid' },
    });
    expect(reactivated.json().status).toBe('active');
    expect((await t.request({ method: 'GET', url: '/v1/agents', token: owner.accessToken })).statusCode).toBe(
      200,
    );
    const audit = await t.request({
      method: 'GET',
      url: `/v1/admin/audit?client_id=${owner.clientId}&action=admin.clients&limit=100`,
      token: admin.accessToken,
    });
    const changes = audit
      .json()
      .data.filter((entry: { action: string }) => /suspend|reactivate/.test(entry.action))
      .map((entry: { action: string; data: { reason: string }; actor_email: string; actor_type: string }) => [
        entry.action,
        entry.data.reason,
        entry.actor_email,
        entry.actor_type,
      ]);
    expect(changes).toEqual([
      ['admin.clients.reactivate', 'paid', admin.email, 'platform_admin'],
      ['admin.clients.suspend', 'unpaid invoice', admin.email, 'platform_admin'],
    ]);
  });

  it('creates a client and invites its owner, who joins as owner; clients cannot invite owners', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/v1/admin/clients',
      token: admin.accessToken,
      body: { name: 'Invited Co' },
    });
    const clientId = created.json().id;
    const email = `future-owner-${Date.now()}@example.com`;
    const invited = await t.request({
      method: 'POST',
      url: `/v1/admin/clients/${clientId}/owner-invitation`,
      token: admin.accessToken,
      body: { email },
    });
    expect(invited.statusCode).toBe(201);
    expect(invited.json().invitation).toMatchObject({ email, role: 'owner', status: 'pending' });
    const joined = await t.request({
      method: 'POST',
      url: '/v1/auth/signup',
      body: { email, password: 'owner-password-1', name: 'Future', invitation_token: invited.json().token },
    });
    expect(joined.statusCode).toBe(201);
    expect([joined.json().client.id, joined.json().role]).toEqual([clientId, 'owner']);
    const again = await t.request({
      method: 'POST',
      url: `/v1/admin/clients/${clientId}/owner-invitation`,
      token: admin.accessToken,
      body: { email },
    });
    expect([again.statusCode, again.json().code]).toEqual([409, 'CONFLICT']);
    const byClient = await t.request({
      method: 'POST',
      url: '/v1/invitations',
      token: owner.accessToken,
      body: { email: 'someone@example.com', role: 'owner' },
    });
    expect(byClient.statusCode).toBe(400);
    const [audited] = await t.handle.query<{ client_id: string; actor_id: string }>(
      "select client_id, actor_id from audit_log where action = 'admin.clients.invite_owner'",
    );
    expect(audited).toEqual({ client_id: clientId, actor_id: admin.userId });
  });

  it('grants and revokes the platform-admin flag, never the last admin', async () => {
    const person = await t.signup();
    const url = `/v1/admin/users/${person.userId}/platform-role`;
    const granted = await t.request({
      method: 'PUT',
      url,
      token: admin.accessToken,
      body: { platform_role: 'admin' },
    });
    expect(granted.json().platform_role).toBe('admin');
    // The old token carried the old role: refused until the person logs in again.
    expect(
      (await t.request({ method: 'GET', url: '/v1/agents', token: person.accessToken })).statusCode,
    ).toBe(401);
    const found = await t.request({
      method: 'GET',
      url: `/v1/admin/users?q=${encodeURIComponent(person.email)}`,
      token: admin.accessToken,
    });
    expect(found.json().data).toEqual([
      expect.objectContaining({
        id: person.userId,
        platform_role: 'admin',
        memberships: [{ client_id: person.clientId, client_name: expect.any(String), role: 'owner' }],
      }),
    ]);
    expect(found.body).not.toContain('argon2');
    const admins = await t.handle.query<{ id: string }>("select id from users where platform_role = 'admin'");
    for (const other of admins.filter((row) => row.id !== admin.userId)) {
      const revoked = await t.request({
        method: 'PUT',
        url: `/v1/admin/users/${other.id}/platform-role`,
        token: admin.accessToken,
        body: { platform_role: 'none' },
      });
      expect(revoked.statusCode).toBe(200);
    }
    const last = await t.request({
      method: 'PUT',
      url: `/v1/admin/users/${admin.userId}/platform-role`,
      token: admin.accessToken,
      body: { platform_role: 'none' },
    });
    expect([last.statusCode, last.json().code]).toEqual([409, 'LAST_PLATFORM_ADMIN']);
    const [still] = await t.handle.query<{ platform_role: string }>(
      'select platform_role from users where id = $1',
      [admin.userId],
    );
    expect(still!.platform_role).toBe('admin');
    const audited = await t.handle.query<{ data: { to: string } }>(
      "select data from audit_log where action = 'admin.users.platform_role' and target_id = $1",
      [person.userId],
    );
    expect(audited.map((row) => row.data.to)).toEqual(['admin', 'none']);
  });

  it('reports monitoring: dependencies, runs, models, queues, top clients and the process counters', async () => {
    const response = await t.request({
      method: 'GET',
      url: '/v1/admin/monitoring',
      token: admin.accessToken,
    });
    expect(response.statusCode).toBe(200);
    const monitoring = response.json();
    expect(monitoring.dependencies).toEqual([
      expect.objectContaining({ name: 'database', status: 'ok' }),
      expect.objectContaining({ name: 'redis', status: 'not_configured' }),
      expect.objectContaining({ name: 'suna', status: 'not_configured' }),
    ]);
    expect(monitoring.runs.total).toBeGreaterThanOrEqual(1);
    expect(monitoring.runs.p50_ms).toEqual(expect.any(Number));
    expect(monitoring.runs_series.length).toBeGreaterThanOrEqual(60);
    const completed = monitoring.runs_series.reduce(
      (sum: number, b: { completed: number }) => sum + b.completed,
      0,
    );
    expect(completed).toBe(monitoring.runs.total - monitoring.runs.failed - monitoring.runs.in_progress);
    expect(monitoring.by_model[0]).toMatchObject({ runs: expect.any(Number), failed: 0 });
    expect(monitoring.process.websocket_connections).toBe(0);
    // This app stored its first minute as it started (ADR 0062): the one live process.
    expect(monitoring.http).toMatchObject({ processes: 1, websocket_connections: 0 });
    const clientsRoute = monitoring.process.http_by_route.find(
      (route: { route: string }) => route.route === '/v1/admin/clients',
    );
    expect(clientsRoute.requests).toBeGreaterThanOrEqual(1);
    const day = await t.request({
      method: 'GET',
      url: '/v1/admin/monitoring?window=day',
      token: admin.accessToken,
    });
    expect(day.json().runs_series.length).toBeGreaterThanOrEqual(24);
    const bad = await t.request({
      method: 'GET',
      url: '/v1/admin/monitoring?window=year',
      token: admin.accessToken,
    });
    expect(bad.statusCode).toBe(400);
  });
});
