import { type FakeSuna, startFakeSuna, testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const SUNA_KEY = 'pk_settings:sk_settings_secret';
const SUNA_JWT = 'eyJhbGciOiJIUzI1NiJ9.service.jwt-secret-part';
const url = '/v1/admin/executors/suna/settings';

function eventsOf(body: string): Array<Record<string, unknown> & { type: string }> {
  return body
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)));
}

const [target] = testDatabaseTargets();

describe.skipIf(!target || target.skipReason !== null)(
  'Suna connection as admin settings',
  { timeout: 120_000 },
  () => {
    let suna: FakeSuna;
    let t: TestApp;
    let owner: TestSession;
    let admin: TestSession;

    beforeAll(async () => {
      suna = await startFakeSuna({ apiKey: SUNA_KEY, threadReadsRequireJwt: true });
      // No Suna in the environment: the deployment learns of it from the admin console only.
      t = await createTestApp(target!, {});
      owner = await t.signup();
      admin = await t.platformAdmin();
    }, 240_000); // a fresh database per file: slow on a loaded machine
    afterAll(async () => {
      await t?.close();
      await suna?.close();
    });

    it('refuses people who are not platform admins, and changes nothing', async () => {
      const read = await t.request({ method: 'GET', url, token: owner.accessToken });
      expect(read.statusCode).toBe(403);
      const write = await t.request({
        method: 'PUT',
        url,
        token: owner.accessToken,
        body: { url: suna.url, api_key: SUNA_KEY },
      });
      expect(write.statusCode).toBe(403);
      const rows = await t.handle.query('select name from platform_settings');
      expect(rows).toEqual([]);
      const settings = await t.request({ method: 'GET', url, token: admin.accessToken });
      expect(settings.json()).toMatchObject({
        source: 'none',
        url: null,
        api_key_set: false,
        jwt_set: false,
      });
    });

    it('refuses bad input in the error shape, and changes nothing', async () => {
      const bad = await t.request({
        method: 'PUT',
        url,
        token: admin.accessToken,
        body: { url: 'ftp://suna.internal', api_key: SUNA_KEY },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'VALIDATION_ERROR' });
      const unknown = await t.request({
        method: 'PUT',
        url,
        token: admin.accessToken,
        body: { secret: 'x' },
      });
      expect(unknown.statusCode).toBe(400);
      expect(await t.handle.query('select name from platform_settings')).toEqual([]);
    });

    it('makes Suna usable without a restart, stores the secrets encrypted and never answers them', async () => {
      const agentBody = {
        name: 'Suna depois',
        system_prompt: 'x',
        model: 'openai/gpt-4o-mini',
        executor: 'suna',
      };
      const refused = await t.request({
        method: 'POST',
        url: '/v1/agents',
        token: owner.accessToken,
        body: agentBody,
      });
      expect(refused.statusCode).toBe(400);

      const saved = await t.request({
        method: 'PUT',
        url,
        token: admin.accessToken,
        body: { url: `${suna.url}/`, api_key: SUNA_KEY, jwt: SUNA_JWT, tools_url: 'http://127.0.0.1:1' },
      });
      expect(saved.statusCode).toBe(200);
      expect(saved.json()).toMatchObject({
        source: 'settings',
        url: suna.url,
        tools_url: 'http://127.0.0.1:1',
        api_key_set: true,
        jwt_set: true,
        instance_provider: 'static',
      });
      const shown = await t.request({ method: 'GET', url, token: admin.accessToken });
      for (const answer of [saved.body, shown.body]) {
        expect(answer).not.toContain('sk_settings_secret');
        expect(answer).not.toContain('jwt-secret-part');
      }
      // Encrypted at rest (the vault, as a platform credential), not in the shown value.
      const [row] = await t.handle.query<{ dump: string }>(
        'select row_to_json(s)::text as dump from platform_settings s',
      );
      expect(row?.dump).not.toContain('sk_settings_secret');
      expect(row?.dump).not.toContain('jwt-secret-part');
      // Audited with the names of the changed fields, never a value.
      const audit = await t.handle.query<{ action: string; data: unknown }>(
        "select action, data from audit_log where action like 'admin.executors.suna.settings%' order by created_at",
      );
      expect(audit.map((entry) => entry.action)).toContain('admin.executors.suna.settings.update');
      expect(JSON.stringify(audit)).not.toContain('sk_settings_secret');

      const health = await t.request({
        method: 'GET',
        url: '/v1/admin/executors/suna/health',
        token: admin.accessToken,
      });
      expect(health.json()).toMatchObject({ status: 'ok' });
      const models = await t.request({ method: 'GET', url: '/v1/models', token: owner.accessToken });
      expect(models.json().executors).toEqual(['builtin', 'suna']);

      const agent = await t.createAgent(owner.accessToken, agentBody);
      const conversationId = await t.openConversation(owner.accessToken, agent.id);
      suna.enqueueRun({ text: 'Configurada pelo console.' });
      const events = eventsOf((await t.ask(owner.accessToken, conversationId, 'Oi')).body);
      expect(events.at(-1)).toMatchObject({ type: 'complete', content: 'Configurada pelo console.' });
      const start = suna.requests.find((request) => request.path === '/v1/agent/start');
      expect(start?.headers['x-api-key']).toBe(SUNA_KEY);

      // A wrong key takes effect on the next run, still without a restart: Suna refuses it.
      await t.request({
        method: 'PUT',
        url,
        token: admin.accessToken,
        body: { api_key: 'pk_wrong:sk_wrong' },
      });
      suna.enqueueRun({ text: 'nunca' });
      const failed = eventsOf((await t.ask(owner.accessToken, conversationId, 'De novo')).body);
      expect(failed.at(-1)).toMatchObject({ type: 'error', code: 'EXECUTOR_UNAVAILABLE' });

      // Clearing the URL leaves no Suna: the health check says so.
      await t.request({ method: 'PUT', url, token: admin.accessToken, body: { url: null } });
      const none = await t.request({
        method: 'GET',
        url: '/v1/admin/executors/suna/health',
        token: admin.accessToken,
      });
      expect(none.json()).toMatchObject({ status: 'not_configured' });
    });
  },
);
