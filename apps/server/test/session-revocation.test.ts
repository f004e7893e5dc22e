import { createSessionCache } from '@renum/platform';
import { testDatabaseTargets } from '@renum/testing';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;
/** The session cache's time to live (its default): how late another process sees a change. */
const sessionTtlMs = 1000;

describe('access tokens after a revocation or a role change', () => {
  // One frozen clock for both processes: time moves only when a test says so.
  let now = Date.now();
  const clock = () => new Date(now);
  let t: TestApp;
  /** A second server on the same database with its own session cache, as another process would be. */
  let other: FastifyInstance;
  let admin: TestSession;
  beforeAll(async () => {
    t = await createTestApp(pglite, { clock });
    other = await buildApp({
      config: { http: { corsOrigins: [], bodyLimitBytes: 64 * 1024, publicUrl: t.deps.publicUrl } },
      deps: { ...t.deps, sessionCache: createSessionCache({ ttlMs: sessionTtlMs }) },
      handle: t.handle,
      run: t.run,
      manager: t.manager,
      logger: false,
    });
    admin = await t.platformAdmin();
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  const me = (app: FastifyInstance, token: string) =>
    app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token}` } });
  const expectAccepted = async (app: FastifyInstance, token: string) => {
    const response = await me(app, token);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const expectRefused = async (app: FastifyInstance, token: string, code: string) => {
    const response = await me(app, token);
    expect(response.statusCode).toBe(code === 'CLIENT_SUSPENDED' ? 403 : 401);
    expect(response.json().code).toBe(code);
  };

  /** A person who is `role` in the owner's client, logged in to it (and to their own client). */
  async function memberOf(
    owner: TestSession,
    role: 'admin' | 'member',
  ): Promise<TestSession & { ownClientToken: string }> {
    const person = await t.signup();
    await t.handle.query('insert into memberships (id, client_id, user_id, role) values ($1, $2, $3, $4)', [
      uuidv7(),
      owner.clientId,
      person.userId,
      role,
    ]);
    const login = await t.request({
      method: 'POST',
      url: '/v1/auth/login',
      body: { email: person.email, password: person.password, client_id: owner.clientId },
    });
    expect(login.statusCode, login.body).toBe(200);
    return {
      ...person,
      clientId: owner.clientId,
      accessToken: login.json().access_token,
      refreshToken: login.json().refresh_token,
      ownClientToken: person.accessToken,
    };
  }

  /**
   * Warms both processes' caches with `token`, makes the change through the first, and checks: the
   * first refuses the token at once (it dropped its own entry); the second still answers from its
   * cache (so it made no query) until the entry's time to live has passed, then refuses it too.
   */
  async function expectRevoked(token: string, change: () => Promise<void>, code = 'AUTH_ERROR') {
    await expectAccepted(t.app, token);
    await expectAccepted(other, token);
    await change();
    await expectRefused(t.app, token, code);
    await expectAccepted(other, token);
    now += sessionTtlMs;
    await expectRefused(other, token, code);
  }

  it('refuses a removed member within the cache time to live, and keeps the others working', async () => {
    const owner = await t.signup();
    const member = await memberOf(owner, 'member');
    await expectRevoked(member.accessToken, async () => {
      const removed = await t.request({
        method: 'DELETE',
        url: `/v1/members/${member.userId}`,
        token: owner.accessToken,
      });
      expect(removed.statusCode).toBe(204);
    });
    // Unaffected tokens keep working in both processes.
    await expectAccepted(t.app, owner.accessToken);
    await expectAccepted(other, owner.accessToken);
    // The person's session in their own client was not touched.
    await expectAccepted(t.app, member.ownClientToken);
    await expectAccepted(other, member.ownClientToken);
  });

  it('refuses a token whose role changed, and the refreshed one carries the new role', async () => {
    const owner = await t.signup();
    const member = await memberOf(owner, 'admin');
    await expectRevoked(member.accessToken, async () => {
      const changed = await t.request({
        method: 'PATCH',
        url: `/v1/members/${member.userId}`,
        token: owner.accessToken,
        body: { role: 'member' },
      });
      expect(changed.statusCode).toBe(200);
    });
    const refreshed = await t.refresh(member.refreshToken);
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json().role).toBe('member');
    for (const app of [t.app, other]) {
      expect((await expectAccepted(app, refreshed.json().access_token)).role).toBe('member');
    }
    await expectAccepted(other, owner.accessToken);
  });

  it("refuses a suspended client's people, except a platform admin, and lets them back in", async () => {
    const owner = await t.signup();
    const member = await memberOf(owner, 'member');
    await expectAccepted(t.app, owner.accessToken);
    await expectAccepted(other, owner.accessToken);
    const setStatus = async (status: 'active' | 'suspended') => {
      const response = await t.request({
        method: 'PATCH',
        url: `/v1/admin/clients/${owner.clientId}`,
        token: admin.accessToken,
        body: { status },
      });
      expect(response.statusCode).toBe(200);
    };
    await expectRevoked(member.accessToken, () => setStatus('suspended'), 'CLIENT_SUSPENDED');
    await expectRefused(t.app, owner.accessToken, 'CLIENT_SUSPENDED');
    await expectRefused(other, owner.accessToken, 'CLIENT_SUSPENDED');
    await expectAccepted(other, admin.accessToken);
    await setStatus('active');
    await expectAccepted(t.app, member.accessToken);
    now += sessionTtlMs;
    await expectAccepted(other, member.accessToken);
  });

  it('refuses the access tokens of a session that logged out', async () => {
    const owner = await t.signup();
    const second = await t.request({
      method: 'POST',
      url: '/v1/auth/login',
      body: { email: owner.email, password: owner.password },
    });
    await expectRevoked(owner.accessToken, async () => {
      const loggedOut = await t.request({
        method: 'POST',
        url: '/v1/auth/logout',
        body: { refresh_token: owner.refreshToken },
      });
      expect(loggedOut.statusCode).toBe(204);
    });
    // The same person's other session (another login) is not affected.
    await expectAccepted(t.app, second.json().access_token);
    await expectAccepted(other, second.json().access_token);
  });

  it('refuses every access token of a session revoked by refresh-token reuse', async () => {
    const owner = await t.signup();
    const rotated = await t.refresh(owner.refreshToken);
    expect(rotated.statusCode).toBe(200);
    const newer = rotated.json().access_token as string;
    await expectAccepted(other, newer);
    await expectRevoked(owner.accessToken, async () => {
      const reuse = await t.refresh(owner.refreshToken);
      expect(reuse.json().error).toMatch(/reuse/);
    });
    await expectRefused(t.app, newer, 'AUTH_ERROR');
    await expectRefused(other, newer, 'AUTH_ERROR');
  });

  it('checks the session of a platform admin without a client, and their platform role', async () => {
    const first = await t.platformAdmin();
    const clientless = await expectAccepted(other, first.accessToken);
    expect(clientless.client).toBeNull();
    await expectRevoked(first.accessToken, async () => {
      await t.request({
        method: 'POST',
        url: '/v1/auth/logout',
        body: { refresh_token: first.refreshToken },
      });
    });
    // A platform role taken away in the database (no route does it): refused once the entries expire.
    const second = await t.platformAdmin();
    await expectAccepted(t.app, second.accessToken);
    await expectAccepted(other, second.accessToken);
    await t.handle.query("update users set platform_role = 'none' where id = $1", [second.userId]);
    now += sessionTtlMs;
    await expectRefused(t.app, second.accessToken, 'AUTH_ERROR');
    await expectRefused(other, second.accessToken, 'AUTH_ERROR');
  });
});
