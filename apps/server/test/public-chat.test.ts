import { testDatabaseTargets } from '@renum/testing';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const target = testDatabaseTargets()[1]!;

const steps = {
  1: { name: 'Padaria Pão Quente', template: 'faq', niche: 'padaria' },
  2: { personality: ['simpática'], tone: 'friendly', language: 'pt-BR' },
  4: { channel: 'web', is_public: true },
};

/** The `renum_visitor=…` pair of an answer's Set-Cookie, to send back as a browser would. */
function visitorCookie(response: LightMyRequestResponse): string | undefined {
  const header = response.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header ? [header] : [];
  return all.find((cookie) => cookie.startsWith('renum_visitor='))?.split(';')[0];
}

describe.skipIf(target.skipReason !== null)('public agent pages: anonymous chat (issue 12)', () => {
  let t: TestApp;
  let owner: TestSession;
  beforeAll(async () => {
    t = await createTestApp(target, { publicChatLimits: { perVisitorPerMinute: 2, perIpPerMinute: 3 } });
    owner = await t.signup();
  });
  afterAll(async () => t?.close());

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) =>
    t.request({ method, url, body, token: owner.accessToken });
  /** Runs the wizard; publishes unless `publish` is false. */
  const agentThroughWizard = async (options: { step4?: object; publish?: boolean } = {}) => {
    const id = (await call('POST', '/v1/agents/wizard/start')).json().wizard_id as string;
    for (const [step, body] of Object.entries({ ...steps, 4: { ...steps[4], ...options.step4 } })) {
      expect((await call('PUT', `/v1/agents/wizard/${id}/step/${step}`, body)).statusCode).toBe(200);
    }
    if (options.publish === false) return { id, slug: (await call('GET', `/v1/agents/${id}`)).json().slug };
    const published = await call('POST', `/v1/agents/wizard/${id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    return { id, slug: published.json().slug as string };
  };
  /** A visitor's message, streamed, from `ip`, with the visitor's cookie when it has one. */
  const write = (slug: string, content: string, options: { cookie?: string; ip?: string } = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/v1/public/agents/${slug}/messages`,
      remoteAddress: options.ip ?? '203.0.113.7',
      headers: { accept: 'text/event-stream', ...(options.cookie ? { cookie: options.cookie } : {}) },
      payload: { content },
    });

  it('shows an active public agent without login, counts visits, and answers 404 for drafts and private ones', async () => {
    const { id, slug } = await agentThroughWizard();
    const page = await t.app.inject({ method: 'GET', url: `/v1/public/agents/${slug}` });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toEqual({ slug, name: 'Padaria Pão Quente', description: null, language: 'pt-BR' });
    expect(page.body).not.toContain('system_prompt');
    expect(visitorCookie(page)).toMatch(/^renum_visitor=/);
    expect(page.headers['set-cookie']).toContain('HttpOnly');
    await t.app.inject({ method: 'GET', url: `/v1/public/agents/${slug}` });
    expect((await call('GET', `/v1/agents/${id}`)).json().access_count).toBe(2);

    const draft = await agentThroughWizard({ publish: false });
    const hidden = await agentThroughWizard({ step4: { is_public: false } });
    for (const other of [draft.slug, hidden.slug, 'no-such-agent']) {
      for (const response of [
        await t.app.inject({ method: 'GET', url: `/v1/public/agents/${other}` }),
        await write(other, 'Olá', { ip: '198.51.100.1' }),
      ]) {
        expect(response.statusCode).toBe(404);
        expect(response.json().code).toBe('AGENT_NOT_FOUND');
      }
    }
    expect((await call('GET', `/v1/agents/${draft.id}`)).json().access_count).toBe(0);
  });

  it('answers a visitor as a stream, keeps one conversation per visitor cookie, and shows it in the inbox', async () => {
    const { id, slug } = await agentThroughWizard();
    const first = await write(slug, 'Vocês abrem domingo?', { ip: '198.51.100.2' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toContain('text/event-stream');
    expect(first.body).toContain('event: content');
    expect(first.body).toContain('event: complete');
    const cookie = visitorCookie(first)!;
    expect(cookie).toBeDefined();

    const second = await write(slug, 'E sábado?', { cookie, ip: '198.51.100.2' });
    expect(visitorCookie(second)).toBeUndefined(); // the signed cookie was accepted
    const history = await t.app.inject({
      method: 'GET',
      url: `/v1/public/agents/${slug}/messages`,
      headers: { cookie },
    });
    expect(history.json().messages.map((message: { role: string }) => message.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(history.json().messages[0].text).toBe('Vocês abrem domingo?');

    const inbox = (await call('GET', `/v1/conversations?agent_id=${id}`)).json().data;
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ id: history.json().conversation_id, channel: 'web' });
    expect(inbox[0].contact_id).toEqual(expect.any(String));

    // A forged cookie (another id, or a tampered signature) is a new visitor: it sees nothing of this one.
    const [name, value] = cookie.split('=') as [string, string];
    const forged = `${name}=${value.replace(/^[0-9a-f]/, (digit) => (digit === 'a' ? 'b' : 'a'))}`;
    const stranger = await t.app.inject({
      method: 'GET',
      url: `/v1/public/agents/${slug}/messages`,
      headers: { cookie: forged },
    });
    expect(stranger.json()).toEqual({ conversation_id: null, messages: [] });
    expect(visitorCookie(stranger)).toBeDefined();
  });

  it('a visitor’s send retried with its Idempotency-Key answers the first run; another visitor’s same key is theirs', async () => {
    const { slug } = await agentThroughWizard();
    const send = (ip: string, cookie?: string) =>
      t.app.inject({
        method: 'POST',
        url: `/v1/public/agents/${slug}/messages`,
        remoteAddress: ip,
        headers: { 'idempotency-key': 'visitor-send-1', ...(cookie ? { cookie } : {}) },
        payload: { content: 'Uma vez só' },
      });
    const first = await send('198.51.100.20');
    expect(first.statusCode, first.body).toBe(202);
    const cookie = visitorCookie(first)!;
    const again = await send('198.51.100.20', cookie);
    expect(again.statusCode, again.body).toBe(202);
    expect(again.json().run_id).toBe(first.json().run_id);
    const history = await t.app.inject({
      method: 'GET',
      url: `/v1/public/agents/${slug}/messages`,
      headers: { cookie },
    });
    expect(
      history.json().messages.filter((message: { role: string }) => message.role === 'user'),
    ).toHaveLength(1);
    const stranger = await send('198.51.100.21');
    expect(stranger.statusCode, stranger.body).toBe(202);
    expect(stranger.json().run_id).not.toBe(first.json().run_id);
  });

  it('holds the per-visitor, per-IP and daily limits and says which one refused', async () => {
    const { slug } = await agentThroughWizard();
    const ip = '192.0.2.10';
    const one = await write(slug, 'um', { ip });
    const cookie = visitorCookie(one)!;
    expect((await write(slug, 'dois', { cookie, ip })).statusCode).toBe(200);
    const tooFast = await write(slug, 'três', { cookie, ip });
    expect(tooFast.statusCode).toBe(429);
    expect(tooFast.json()).toMatchObject({ code: 'RATE_LIMITED', scope: 'visitor', limit: 2 });
    expect(tooFast.json().retry_after).toBeGreaterThan(0);

    expect((await write(slug, 'outro visitante', { ip })).statusCode).toBe(200); // third from this IP
    const network = await write(slug, 'mais um', { ip });
    expect(network.json()).toMatchObject({ code: 'RATE_LIMITED', scope: 'ip', limit: 3 });

    const capped = await agentThroughWizard({ step4: { daily_message_cap: 1 } });
    expect((await write(capped.slug, 'primeira', { ip: '192.0.2.20' })).statusCode).toBe(200);
    const daily = await write(capped.slug, 'segunda', { ip: '192.0.2.21' });
    expect(daily.json()).toMatchObject({ code: 'RATE_LIMITED', scope: 'agent_daily', limit: 1 });
  });
});
