import {
  buildWhatsAppTextWebhook,
  type FakeSuna,
  type FakeWhatsApp,
  postWhatsAppWebhook,
  startFakeSuna,
  startFakeWhatsApp,
  testDatabaseTargets,
} from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loopbackTools, type TestApp, type TestSession } from './test-app.ts';

const target = testDatabaseTargets()[0]!;
const SUNA_KEY = 'suna-switch-key';
const account = {
  phoneNumberId: '300000000003',
  token: 'EAAG-token-switches-4c1d',
  secret: 'app-secret-switches-8e2a',
};

/** Each switch of the platform settings turns its feature off for every client (ADR 0042). */
describe.skipIf(target.skipReason !== null)('feature switches read where they take effect', () => {
  let t: TestApp;
  let suna: FakeSuna;
  let whatsapp: FakeWhatsApp;
  let admin: TestSession;
  let owner: TestSession;
  let webhookUrl: string;

  /** Sets the switches as the next settings version (the rest of the settings unchanged). */
  async function setFeatures(features: Record<string, boolean>) {
    const view = await t.request({ method: 'GET', url: '/v1/admin/settings', token: admin.accessToken });
    const current = view.json().current;
    const answer = await t.request({
      method: 'PUT',
      url: '/v1/admin/settings',
      token: admin.accessToken,
      body: {
        base_version: current.version,
        default_plan: current.default_plan,
        enabled_models: current.enabled_models,
        price_overrides: current.price_overrides,
        features,
      },
    });
    expect(answer.statusCode, answer.body).toBe(200);
  }
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) =>
    t.request({ method, url, body, token: owner.accessToken });

  beforeAll(async () => {
    suna = await startFakeSuna({ apiKey: SUNA_KEY });
    whatsapp = await startFakeWhatsApp({ accounts: { [account.phoneNumberId]: account.token } });
    t = await createTestApp(target, {
      suna: { url: suna.url, apiKey: SUNA_KEY, jwt: SUNA_KEY, toolsUrl: 'http://127.0.0.1:1' },
      tools: { ...loopbackTools(), whatsappUrl: whatsapp.url },
    });
    webhookUrl = `${await t.app.listen({ host: '127.0.0.1', port: 0 })}/v1/channels/whatsapp/webhook`;
    admin = await t.platformAdmin();
    owner = await t.signup();
  });
  afterAll(async () => {
    await t?.close();
    await suna?.close();
    await whatsapp?.close();
  });

  it('public_pages off: the page, its API and a visitor message are refused, nothing counted', async () => {
    const id = (await call('POST', '/v1/agents/wizard/start')).json().wizard_id as string;
    const steps = {
      1: { name: 'Padaria Switch', template: 'faq', niche: 'padaria' },
      2: { personality: ['simpática'], tone: 'friendly', language: 'pt-BR' },
      4: { channel: 'web', is_public: true },
    };
    for (const [step, body] of Object.entries(steps))
      expect((await call('PUT', `/v1/agents/wizard/${id}/step/${step}`, body)).statusCode).toBe(200);
    const slug = (await call('POST', `/v1/agents/wizard/${id}/publish`)).json().slug as string;
    expect((await t.app.inject({ method: 'GET', url: `/v1/public/agents/${slug}` })).statusCode).toBe(200);

    await setFeatures({ public_pages: false });
    const api = await t.app.inject({ method: 'GET', url: `/v1/public/agents/${slug}` });
    expect([api.statusCode, api.json().code, api.json().feature]).toEqual([
      403,
      'FEATURE_DISABLED',
      'public_pages',
    ]);
    const page = await t.app.inject({
      method: 'GET',
      url: `/a/${slug}`,
      headers: { 'accept-language': 'en' },
    });
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('Public pages are turned off');
    const message = await t.app.inject({
      method: 'POST',
      url: `/v1/public/agents/${slug}/messages`,
      remoteAddress: '203.0.113.9',
      payload: { content: 'Oi?' },
    });
    expect([message.statusCode, message.json().code]).toEqual([403, 'FEATURE_DISABLED']);
    const [agent] = await t.handle.query<{ access_count: number }>(
      'select access_count from agents where slug = $1',
      [slug],
    );
    expect(agent?.access_count).toBe(1);

    await setFeatures({ public_pages: true });
    expect((await t.app.inject({ method: 'GET', url: `/v1/public/agents/${slug}` })).statusCode).toBe(200);
  });

  it('suna off: a Suna agent can be neither saved nor sent to; on again, it can', async () => {
    const agent = await t.createAgent(owner.accessToken, {
      name: 'Pela Suna',
      system_prompt: 'Você responde pela Suna.',
      executor: 'suna',
    });
    const conversationId = await t.openConversation(owner.accessToken, agent.id);
    await setFeatures({ suna: false });
    const refused = await call('POST', '/v1/agents', {
      name: 'Outra Suna',
      system_prompt: 'Oi.',
      executor: 'suna',
    });
    expect([refused.statusCode, refused.json().code, refused.json().feature]).toEqual([
      403,
      'FEATURE_DISABLED',
      'suna',
    ]);
    const send = await t.ask(owner.accessToken, conversationId, 'Olá', { stream: false });
    expect([send.statusCode, send.json().code]).toEqual([403, 'FEATURE_DISABLED']);
    const [runs] = await t.handle.query<{ n: number }>(
      'select count(*)::int as n from runs where conversation_id = $1',
      [conversationId],
    );
    expect(runs?.n).toBe(0);
    // A built-in agent is not affected.
    expect(
      (await call('POST', '/v1/agents', { name: 'Local', system_prompt: 'Oi.', model: 'offline/renum' }))
        .statusCode,
    ).toBe(201);
    await setFeatures({ suna: true });
    expect(
      (await call('POST', '/v1/agents', { name: 'Outra Suna', system_prompt: 'Oi.', executor: 'suna' }))
        .statusCode,
    ).toBe(201);
  });

  it('whatsapp off: no number can be connected and inbound messages are acknowledged, not answered', async () => {
    const agent = await t.createAgent(owner.accessToken, { name: 'Zap', system_prompt: 'Atenda.' });
    const credential = await call('POST', '/v1/credentials', {
      service: 'whatsapp',
      name: 'whatsapp-switch',
      secret: { access_token: account.token, phone_number_id: account.phoneNumberId },
    });
    const connection = (number: string) => ({
      agent_id: agent.id,
      phone_number_id: number,
      credential_id: credential.json().id,
      app_secret: account.secret,
      verify_token: `verify-${number}`,
    });
    expect((await call('POST', '/v1/channels/whatsapp', connection(account.phoneNumberId))).statusCode).toBe(
      201,
    );
    await setFeatures({ whatsapp: false });
    const refused = await call('POST', '/v1/channels/whatsapp', connection('300000000004'));
    expect([refused.statusCode, refused.json().code, refused.json().feature]).toEqual([
      403,
      'FEATURE_DISABLED',
      'whatsapp',
    ]);
    const payload = buildWhatsAppTextWebhook({
      phoneNumberId: account.phoneNumberId,
      from: '5511900000003',
      name: 'Ana',
      text: 'Vocês abrem hoje?',
    });
    const delivered = await postWhatsAppWebhook({ url: webhookUrl, appSecret: account.secret, payload });
    expect(delivered.status).toBe(200);
    expect(await delivered.json()).toEqual({ stored: 0, statuses: 0, ignored: 1 });
    const [stored] = await t.handle.query<{ n: number }>('select count(*)::int as n from whatsapp_messages');
    expect(stored?.n).toBe(0);

    await setFeatures({ whatsapp: true });
    const again = await postWhatsAppWebhook({ url: webhookUrl, appSecret: account.secret, payload });
    expect(await again.json()).toEqual({ stored: 1, statuses: 0, ignored: 0 });
  });
});
