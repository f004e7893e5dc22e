import { gzipSync } from 'node:zlib';
import { usageLogs, withClient } from '@renum/db';
import { testDatabaseTargets } from '@renum/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const target = testDatabaseTargets()[1]!;
const shop = 'https://shop.example';

describe.skipIf(target.skipReason !== null)(
  'the widget, the public page and the API channel (issue 12)',
  () => {
    let t: TestApp;
    let owner: TestSession;
    let other: TestSession;
    beforeAll(async () => {
      t = await createTestApp(target);
      [owner, other] = await Promise.all([t.signup(), t.signup()]);
    });
    afterAll(async () => t?.close());

    const call = (
      method: 'GET' | 'POST' | 'PUT' | 'PATCH',
      url: string,
      body?: unknown,
      token = owner.accessToken,
    ) => t.request({ method, url, body, token });
    const publish = async (step4: object) => {
      const id = (await call('POST', '/v1/agents/wizard/start')).json().wizard_id as string;
      const steps = {
        1: { name: 'Loja Azul', template: 'faq', niche: 'loja' },
        2: { personality: ['simpática'], tone: 'friendly', language: 'en' },
        4: { channel: 'web', is_public: true, ...step4 },
      };
      for (const [step, body] of Object.entries(steps)) {
        expect((await call('PUT', `/v1/agents/wizard/${id}/step/${step}`, body)).statusCode).toBe(200);
      }
      const published = await call('POST', `/v1/agents/wizard/${id}/publish`);
      expect(published.statusCode, published.body).toBe(200);
      return { id, slug: published.json().slug as string };
    };
    const fromOrigin = (method: 'GET' | 'POST' | 'OPTIONS', url: string, origin: string, payload?: object) =>
      t.app.inject({
        method,
        url,
        remoteAddress: '198.51.100.40',
        headers: {
          origin,
          ...(method === 'OPTIONS' ? { 'access-control-request-method': 'POST' } : {}),
        },
        ...(payload ? { payload } : {}),
      });

    it('answers a widget only from the agent’s allowed origins, with CORS for that origin alone', async () => {
      const { id, slug } = await publish({ allowed_origins: [shop] });
      expect((await call('GET', `/v1/agents/${id}`)).json().allowed_origins).toEqual([shop]);

      const preflight = await fromOrigin('OPTIONS', `/v1/public/agents/${slug}/messages`, shop);
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(shop);
      // The widget may retry a send with its Idempotency-Key: the preflight must allow the header.
      expect(String(preflight.headers['access-control-allow-headers']).split(', ')).toContain(
        'idempotency-key',
      );
      expect(preflight.headers['access-control-allow-credentials']).toBe('true');
      const page = await fromOrigin('GET', `/v1/public/agents/${slug}`, shop);
      expect(page.statusCode).toBe(200);
      expect(page.headers['access-control-allow-origin']).toBe(shop);
      const sent = await fromOrigin('POST', `/v1/public/agents/${slug}/messages`, shop, { content: 'Hi' });
      expect(sent.statusCode).toBe(202);

      const evil = 'https://evil.example';
      const refusedPreflight = await fromOrigin('OPTIONS', `/v1/public/agents/${slug}/messages`, evil);
      expect(refusedPreflight.statusCode).toBe(403);
      const refused = await fromOrigin('POST', `/v1/public/agents/${slug}/messages`, evil, { content: 'Hi' });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED', origin: evil });
      expect((await fromOrigin('GET', `/v1/public/agents/${slug}`, evil)).statusCode).toBe(403);
      // Refused before anything was written: still one conversation, one visit counted.
      const inbox = (await call('GET', `/v1/conversations?agent_id=${id}`)).json().data;
      expect(inbox).toHaveLength(1);
      expect((await call('GET', `/v1/agents/${id}`)).json().access_count).toBe(1);

      // The server's own origin (the public page) and requests without Origin pass.
      const own = await fromOrigin('GET', `/v1/public/agents/${slug}`, 'http://localhost:80');
      expect(own.statusCode).toBe(200);

      // Removing the origin in the editor refuses it at once.
      const patched = await call('PATCH', `/v1/agents/${id}`, { allowed_origins: [] });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json().config.step_4_data.allowed_origins).toEqual([]); // the wizard shows it too
      const removed = await fromOrigin('GET', `/v1/public/agents/${slug}`, shop);
      expect(removed.statusCode).toBe(403);
      expect(removed.json().code).toBe('ORIGIN_NOT_ALLOWED');
      const invalid = await call('PATCH', `/v1/agents/${id}`, { allowed_origins: ['shop.example/path'] });
      expect(invalid.statusCode).toBe(400);
    });

    it('serves widget.js to any site, under 50 KB gzipped, and the public page for active public agents only', async () => {
      const widget = await t.app.inject({ method: 'GET', url: '/widget.js' });
      expect(widget.statusCode).toBe(200);
      expect(widget.headers['content-type']).toContain('javascript');
      expect(widget.headers['cross-origin-resource-policy']).toBe('cross-origin');
      expect(widget.body).toContain('attachShadow');
      expect(gzipSync(widget.rawPayload).length).toBeLessThanOrEqual(50 * 1024);

      const { slug } = await publish({});
      const page = await t.app.inject({
        method: 'GET',
        url: `/a/${slug}`,
        headers: { 'accept-language': 'pt-BR' },
      });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('<title>Loja Azul</title>');
      expect(page.body).toContain('lang="pt-BR"');
      expect(page.body).toContain(`data-agent="${slug}" data-mode="page"`);
      const missing = await t.app.inject({ method: 'GET', url: '/a/no-such-agent' });
      expect(missing.statusCode).toBe(404);
      expect(missing.body).toContain('<title>Agent not found</title>');
    });

    it('answers the API channel with an API key, one contact per external_user_id, metered like any run', async () => {
      const { id } = await publish({});
      const secret = (await call('POST', '/v1/api-keys', { name: 'backend' })).json().secret as string;
      const ask = (body: object, headers: Record<string, string> = { 'x-api-key': secret }) =>
        t.request({ method: 'POST', url: `/v1/agents/${id}/chat`, body, headers });

      const first = await ask({ message: 'Do you ship abroad?', external_user_id: 'crm-42' });
      expect(first.statusCode, first.body).toBe(200);
      const answer = first.json();
      expect(answer).toMatchObject({ status: 'completed', error: null });
      expect(answer.answer).toEqual(expect.any(String));
      expect(answer.answer.length).toBeGreaterThan(0);
      expect(answer.usage.tokens_output).toBeGreaterThan(0);

      const second = await ask({ message: 'And to Chile?', external_user_id: 'crm-42' });
      expect(second.json().contact_id).toBe(answer.contact_id);
      expect(second.json().conversation_id).toBe(answer.conversation_id);
      const stranger = await ask({ message: 'Hello', external_user_id: 'crm-43' });
      expect(stranger.json().contact_id).not.toBe(answer.contact_id);

      const metered = await withClient(t.deps.db, owner.clientId, (tx) =>
        tx.select().from(usageLogs).where(eq(usageLogs.run_id, answer.run_id)),
      );
      expect(metered.length).toBeGreaterThan(0);
      expect(metered[0]).toMatchObject({
        agent_id: id,
        conversation_id: answer.conversation_id,
        kind: 'model',
      });

      const inbox = (await call('GET', `/v1/conversations?agent_id=${id}&channel=api`)).json().data;
      expect(inbox.map((row: { id: string }) => row.id).sort()).toEqual(
        [answer.conversation_id, stranger.json().conversation_id].sort(),
      );

      const streamed = await ask({ message: 'Stream it', external_user_id: 'crm-42', stream: true });
      expect(streamed.headers['content-type']).toContain('text/event-stream');
      expect(streamed.body).toContain('event: content');
      expect(streamed.body).toContain('event: complete');

      // Another client's person, or a conversation that is not this user's, cannot use the agent.
      const foreign = await ask(
        { message: 'Hi', external_user_id: 'crm-42' },
        { authorization: `Bearer ${other.accessToken}` },
      );
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json().code).toBe('AGENT_NOT_FOUND');
      const hijack = await ask({
        message: 'Hi',
        external_user_id: 'crm-43',
        conversation_id: answer.conversation_id,
      });
      expect(hijack.statusCode).toBe(404);
      expect(hijack.json().code).toBe('CONVERSATION_NOT_FOUND');
      const anonymous = await t.app.inject({
        method: 'POST',
        url: `/v1/agents/${id}/chat`,
        payload: { message: 'Hi', external_user_id: 'x' },
      });
      expect(anonymous.statusCode).toBe(401);
      const bad = await ask({ message: '', external_user_id: 'crm-42' });
      expect(bad.statusCode).toBe(400);
    });
  },
);
