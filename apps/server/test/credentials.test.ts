import { Writable } from 'node:stream';
import { resolveCredential } from '@renum/platform';
import { testDatabaseTargets } from '@renum/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loggerOptions } from '../src/logger.ts';
import { createTestApp, type TestApp, type TestSession, testDeps, testRuntime } from './test-app.ts';

const secret = 'tvly-CANARY-7f3a9c2e11d04b6b';

/** Every way the canary could appear: as is, base64, hex, URL-encoded. */
function leaks(text: string): boolean {
  return [
    secret,
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('hex'),
    encodeURIComponent(secret),
  ].some((form) => text.includes(form));
}

for (const target of testDatabaseTargets()) {
  // Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
  describe.skipIf(target.skipReason !== null)(`credentials (${target.name})`, () => {
    let t: TestApp;
    let owner: TestSession;
    let other: TestSession;
    beforeAll(async () => {
      t = await createTestApp(target);
      [owner, other] = [await t.signup(), await t.signup()];
    });
    afterAll(async () => t?.close());

    const create = (body: object, token = owner.accessToken) =>
      t.request({ method: 'POST', url: '/v1/credentials', token, body });

    it('stores a secret encrypted, shows it masked, and only the vault can read it back', async () => {
      const created = await create({ service: 'tavily', name: 'default', secret: { api_key: secret } });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({
        service: 'tavily',
        name: 'default',
        fields: ['api_key'],
        masked: expect.stringMatching(/^•+6b6b$|^•+\w{1,4}$/),
      });
      expect(leaks(created.body)).toBe(false);
      const listed = await t.request({ method: 'GET', url: '/v1/credentials', token: owner.accessToken });
      expect(listed.json().data).toHaveLength(1);
      expect(leaks(listed.body)).toBe(false);
      const resolved = await resolveCredential(t.deps, { clientId: owner.clientId, service: 'tavily' });
      expect(resolved?.fields).toEqual({ api_key: secret });
      // Nothing in the database holds the secret in any form: credentials, keys, audit rows.
      const dump = await t.handle.query<{ dump: string }>(
        `select (select coalesce(json_agg(c)::text, '') from credentials c) ||
                (select coalesce(json_agg(k)::text, '') from client_data_keys k) ||
                (select coalesce(json_agg(a)::text, '') from audit_log a) as dump`,
      );
      expect(dump[0]!.dump.length).toBeGreaterThan(100);
      expect(leaks(dump[0]!.dump)).toBe(false);
      const audit = await t.handle.query<{ action: string }>(
        "select action from audit_log where target_type = 'credential' order by created_at",
      );
      expect(audit.map((row) => row.action)).toEqual(
        expect.arrayContaining(['credential.create', 'credential.use']),
      );
    });

    it('replaces and deletes, and keeps other clients out', async () => {
      const created = (
        await create({ service: 'firecrawl', name: 'main', secret: { api_key: 'fc-first-secret-1111' } })
      ).json();
      const foreign = await t.request({
        method: 'PUT',
        url: `/v1/credentials/${created.id}`,
        token: other.accessToken,
        body: { secret: { api_key: 'x'.repeat(20) } },
      });
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json().code).toBe('CREDENTIAL_NOT_FOUND');
      expect(await resolveCredential(t.deps, { clientId: other.clientId, service: 'firecrawl' })).toBeNull();
      const replaced = await t.request({
        method: 'PUT',
        url: `/v1/credentials/${created.id}`,
        token: owner.accessToken,
        body: { secret: { api_key: 'fc-second-secret-2222' } },
      });
      expect(replaced.json().masked).toMatch(/2222$/);
      expect(
        (await resolveCredential(t.deps, { clientId: owner.clientId, service: 'firecrawl' }))?.fields.api_key,
      ).toBe('fc-second-secret-2222');
      expect(
        (
          await t.request({
            method: 'DELETE',
            url: `/v1/credentials/${created.id}`,
            token: other.accessToken,
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (
          await t.request({
            method: 'DELETE',
            url: `/v1/credentials/${created.id}`,
            token: owner.accessToken,
          })
        ).statusCode,
      ).toBe(204);
      expect(await resolveCredential(t.deps, { clientId: owner.clientId, service: 'firecrawl' })).toBeNull();
    });

    it('prefers an agent’s own credential over the client-wide one', async () => {
      const agent = await t.createAgent(owner.accessToken, { name: 'G', system_prompt: 'x' });
      await create({ service: 'github', name: 'org', secret: { token: 'ghp_clientwide000000' } });
      await create({
        service: 'github',
        name: 'agent',
        secret: { token: 'ghp_agentscoped00000' },
        agent_id: agent.id,
      });
      expect(
        (await resolveCredential(t.deps, { clientId: owner.clientId, agentId: agent.id, service: 'github' }))
          ?.fields.token,
      ).toBe('ghp_agentscoped00000');
      expect(
        (await resolveCredential(t.deps, { clientId: owner.clientId, service: 'github' }))?.fields.token,
      ).toBe('ghp_clientwide000000');
      const foreignAgent = await create(
        { service: 'github', name: 'x', secret: { token: 'ghp_x000000000000000' }, agent_id: agent.id },
        other.accessToken,
      );
      expect(foreignAgent.statusCode).toBe(404);
    });

    it('validates input without echoing the secret, and only owners and admins may manage', async () => {
      const before = await t.handle.query<{ n: number }>('select count(*)::int as n from credentials');
      const missing = await create({ service: 'whatsapp', name: 'wa', secret: { access_token: secret } });
      expect(missing.statusCode).toBe(400);
      expect(missing.json()).toMatchObject({ code: 'VALIDATION_ERROR', field: 'secret.phone_number_id' });
      expect(leaks(missing.body)).toBe(false);
      const badService = await create({ service: 'Not A Service', name: 'x', secret: { api_key: secret } });
      expect(badService.statusCode).toBe(400);
      expect(leaks(badService.body)).toBe(false);
      const duplicate = await create({
        service: 'tavily',
        name: 'default',
        secret: { api_key: 'another-key-0000' },
      });
      expect(duplicate.statusCode).toBe(409);
      const member = await t.joinAs(owner.accessToken, 'member');
      expect(
        (
          await create(
            { service: 'tavily', name: 'm', secret: { api_key: 'k'.repeat(20) } },
            member.accessToken,
          )
        ).statusCode,
      ).toBe(403);
      expect(await t.handle.query<{ n: number }>('select count(*)::int as n from credentials')).toEqual(
        before,
      );
    });
  });
}

describe('logs while credentials are handled', () => {
  it('never carry the secret', async () => {
    const lines: string[] = [];
    const logger = pino(
      loggerOptions('trace'),
      new Writable({
        write: (chunk, _e, done) => {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const handle = await testDatabaseTargets()[0]!.open();
    const deps = testDeps(handle.db);
    const app = await buildApp({
      config: { http: { corsOrigins: [], bodyLimitBytes: 65536, publicUrl: 'http://x' } },
      deps,
      handle,
      ...testRuntime(deps),
      logger,
    });
    try {
      const session = (
        await app.inject({
          method: 'POST',
          url: '/v1/auth/signup',
          payload: { email: 'log@example.com', password: 'log-password', name: 'L', client_name: 'Log' },
        })
      ).json();
      const auth = { authorization: `Bearer ${session.access_token}` };
      await app.inject({
        method: 'POST',
        url: '/v1/credentials',
        headers: auth,
        payload: { service: 'tavily', name: 'k', secret: { api_key: secret } },
      });
      await app.inject({
        method: 'POST',
        url: '/v1/credentials',
        headers: auth,
        payload: { service: 'whatsapp', name: 'w', secret: { access_token: secret } },
      });
      expect(lines.length).toBeGreaterThan(3);
      expect(leaks(lines.join(''))).toBe(false);
    } finally {
      await app.close();
      await handle.close();
    }
  });
});
