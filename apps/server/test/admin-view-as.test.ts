import { expireViewAsSessions } from '@renum/platform';
import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

describe('view as (ADR 0040)', () => {
  let t: TestApp;
  let admin: TestSession;
  let owner: TestSession;
  let agentId: string;
  const start = (token: string, clientId: string, reason = 'Ticket 42: agent answers wrongly') =>
    t.request({ method: 'POST', url: `/v1/admin/clients/${clientId}/view-as`, token, body: { reason } });
  beforeAll(async () => {
    t = await createTestApp(pglite);
    admin = await t.platformAdmin();
    owner = await t.signup();
    agentId = (await t.createAgent(owner.accessToken, { name: 'Support', system_prompt: 'Help.' })).id;
  });
  afterAll(async () => t?.close());

  it("gives a read-only token that reads the client's agents and refuses every write with VIEW_AS_READ_ONLY", async () => {
    const started = await start(admin.accessToken, owner.clientId);
    expect(started.statusCode).toBe(201);
    const grant = started.json();
    expect(grant.expires_in).toBe(1800);
    expect(Date.parse(grant.session.expires_at) - Date.parse(grant.session.started_at)).toBe(1_800_000);
    const token = grant.access_token;
    const agents = await t.request({ method: 'GET', url: '/v1/agents', token });
    expect(agents.statusCode).toBe(200);
    expect(agents.json().data.map((agent: { id: string }) => agent.id)).toEqual([agentId]);
    const me = (await t.request({ method: 'GET', url: '/v1/me', token })).json();
    expect(me.client.id).toBe(owner.clientId);
    expect(me.view_as).toMatchObject({ session_id: grant.session.id, expires_at: grant.session.expires_at });
    const writes = [
      { method: 'PATCH', url: `/v1/agents/${agentId}`, body: { name: 'Changed' } },
      { method: 'POST', url: '/v1/agents', body: { name: 'New', system_prompt: 'x' } },
      { method: 'DELETE', url: `/v1/agents/${agentId}` },
      { method: 'POST', url: '/v1/api-keys', body: { name: 'k', role: 'admin' } },
    ] as const;
    for (const write of writes) {
      const refused = await t.request({ ...write, token });
      expect([write.url, refused.statusCode, refused.json().code]).toEqual([
        write.url,
        403,
        'VIEW_AS_READ_ONLY',
      ]);
    }
    const [row] = await t.handle.query<{ name: string; n: number }>(
      `select name, (select count(*)::int from agents where client_id = $2) as n from agents where id = $1`,
      [agentId, owner.clientId],
    );
    expect(row).toEqual({ name: 'Support', n: 1 });
    expect((await t.request({ method: 'GET', url: '/v1/admin/clients', token })).statusCode).toBe(403);
  });

  it('refuses the token once the session expired (server clock) or was ended, and audits start and end', async () => {
    const first = (await start(admin.accessToken, owner.clientId, 'expiry check')).json();
    await t.handle.query(
      `update view_as_sessions set started_at = now() - interval '2 hours', expires_at = now() - interval '1 minute' where id = $1`,
      [first.session.id],
    );
    const expired = await t.request({ method: 'GET', url: '/v1/agents', token: first.access_token });
    expect([expired.statusCode, expired.json().code]).toEqual([401, 'AUTH_ERROR']);

    const second = (await start(admin.accessToken, owner.clientId, 'exit check')).json();
    expect(
      (await t.request({ method: 'GET', url: '/v1/agents', token: second.access_token })).statusCode,
    ).toBe(200);
    const ended = await t.request({
      method: 'POST',
      url: `/v1/admin/view-as/${second.session.id}/end`,
      token: admin.accessToken,
    });
    expect(ended.statusCode).toBe(200);
    expect(ended.json().ended_at).not.toBeNull();
    const after = await t.request({ method: 'GET', url: '/v1/agents', token: second.access_token });
    expect(after.statusCode).toBe(401);
    const again = await t.request({
      method: 'POST',
      url: `/v1/admin/view-as/${second.session.id}/end`,
      token: admin.accessToken,
    });
    expect([again.statusCode, again.json().code]).toEqual([404, 'NOT_FOUND']);

    const log = await t.request({
      method: 'GET',
      url: '/v1/audit?action=admin.view_as',
      token: owner.accessToken,
    });
    expect(log.statusCode).toBe(200);
    const entries = log.json().data as Array<Record<string, unknown> & { data: Record<string, unknown> }>;
    const exitStart = entries.find(
      (entry) => entry.action === 'admin.view_as.start' && entry.data.reason === 'exit check',
    );
    expect(exitStart).toMatchObject({
      actor_type: 'platform_admin',
      actor_id: admin.userId,
      actor_email: admin.email,
      target_id: second.session.id,
      data: { reason: 'exit check', expires_at: second.session.expires_at, admin_email: admin.email },
    });
    expect(entries.find((entry) => entry.action === 'admin.view_as.end')).toMatchObject({
      actor_email: admin.email,
      target_id: second.session.id,
    });
    const platformLog = await t.request({
      method: 'GET',
      url: `/v1/admin/audit?client_id=${owner.clientId}&action=admin.view_as`,
      token: admin.accessToken,
    });
    expect(platformLog.json().data.length).toBe(entries.length);
  });

  it('audits an expiry once, as admin.view_as.expired, whoever finds it: a request, Exit or the sweep', async () => {
    const expire = async (sessionId: string) =>
      t.handle.query(
        `update view_as_sessions set started_at = now() - interval '2 hours', expires_at = now() - interval '1 minute' where id = $1`,
        [sessionId],
      );
    const expiredRows = (sessionId: string) =>
      t.handle.query<{ actor_type: string; client_id: string; data: Record<string, unknown> }>(
        "select actor_type, client_id, data from audit_log where action = 'admin.view_as.expired' and target_id = $1",
        [sessionId],
      );
    // Found by the token's next requests: closed and audited once, however many come.
    const used = (await start(admin.accessToken, owner.clientId, 'used after expiry')).json();
    await expire(used.session.id);
    for (let i = 0; i < 3; i++) {
      const refused = await t.request({ method: 'GET', url: '/v1/agents', token: used.access_token });
      expect(refused.statusCode).toBe(401);
    }
    const exit = await t.request({
      method: 'POST',
      url: `/v1/admin/view-as/${used.session.id}/end`,
      token: admin.accessToken,
    });
    expect(exit.statusCode).toBe(404);
    expect(await expiredRows(used.session.id)).toEqual([
      {
        actor_type: 'system',
        client_id: owner.clientId,
        data: { reason: 'used after expiry', admin_email: admin.email, expires_at: expect.any(String) },
      },
    ]);
    const [closed] = await t.handle.query<{ ended: boolean }>(
      'select ended_at = expires_at as ended from view_as_sessions where id = $1',
      [used.session.id],
    );
    expect(closed!.ended).toBe(true);

    // Found by Exit after the time: an expiry, not an end.
    const late = (await start(admin.accessToken, owner.clientId, 'exit after expiry')).json();
    await expire(late.session.id);
    const lateExit = await t.request({
      method: 'POST',
      url: `/v1/admin/view-as/${late.session.id}/end`,
      token: admin.accessToken,
    });
    expect(lateExit.statusCode).toBe(404);
    expect(await expiredRows(late.session.id)).toHaveLength(1);

    // Never touched again: the sweep closes it, once; a session still running is left alone.
    const forgotten = (await start(admin.accessToken, owner.clientId, 'forgotten')).json();
    const running = (await start(admin.accessToken, owner.clientId, 'still running')).json();
    await expire(forgotten.session.id);
    expect(await expireViewAsSessions(t.deps, { now: new Date() })).toBe(1);
    expect(await expireViewAsSessions(t.deps, { now: new Date() })).toBe(0);
    expect(await expiredRows(forgotten.session.id)).toHaveLength(1);
    expect(await expiredRows(running.session.id)).toHaveLength(0);
    const log = await t.request({
      method: 'GET',
      url: '/v1/audit?action=admin.view_as',
      token: owner.accessToken,
    });
    const mine = new Set([used.session.id, late.session.id, forgotten.session.id]);
    const expiries = log
      .json()
      .data.filter(
        (entry: { action: string; target_id: string }) =>
          entry.action === 'admin.view_as.expired' && mine.has(entry.target_id),
      );
    expect(expiries).toHaveLength(3);
    const ends = await t.handle.query(
      "select 1 from audit_log where action = 'admin.view_as.end' and target_id = any($1)",
      [[used.session.id, late.session.id, forgotten.session.id]],
    );
    expect(ends).toEqual([]);
  });

  it("keeps one client's audit log from another client and from members", async () => {
    const other = await t.signup();
    const log = (
      await t.request({ method: 'GET', url: '/v1/audit?action=admin.view_as', token: other.accessToken })
    ).json();
    expect(log.data).toEqual([]);
    const member = await t.joinAs(owner.accessToken, 'member');
    const refused = await t.request({ method: 'GET', url: '/v1/audit', token: member.accessToken });
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'FORBIDDEN']);
  });

  it('refuses to start one for a client owner, an unknown client and without a reason, recording nothing', async () => {
    const count = async () =>
      (await t.handle.query<{ n: number }>('select count(*)::int as n from view_as_sessions'))[0]!.n;
    const before = await count();
    const asOwner = await start(owner.accessToken, owner.clientId);
    expect([asOwner.statusCode, asOwner.json().code]).toEqual([403, 'FORBIDDEN']);
    const unknown = await start(admin.accessToken, '0190f5f0-0000-7000-8000-000000000000');
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'CLIENT_NOT_FOUND']);
    const noReason = await start(admin.accessToken, owner.clientId, '  ');
    expect([noReason.statusCode, noReason.json().code]).toEqual([400, 'VALIDATION_ERROR']);
    expect(await count()).toBe(before);
  });

  it('refuses a view-as token on the WebSocket ticket and the MCP endpoint (writes by default)', async () => {
    const { access_token: token } = (await start(admin.accessToken, owner.clientId)).json();
    const ticket = await t.request({ method: 'POST', url: '/v1/ws-tickets', token });
    expect(ticket.statusCode).toBe(403);
    const mcp = await t.request({
      method: 'POST',
      url: `/v1/agents/${agentId}/mcp`,
      token,
      body: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      headers: { accept: 'application/json, text/event-stream' },
    });
    expect(mcp.statusCode).toBe(403);
  });
});
