import { auditLog, conversations, messages, whatsappMessages, withPlatform } from '@renum/db';
import { mediaReply } from '@renum/platform';
import {
  buildWhatsAppMediaWebhook,
  buildWhatsAppStatusWebhook,
  buildWhatsAppTextWebhook,
  type FakeWhatsApp,
  postWhatsAppWebhook,
  startFakeWhatsApp,
  testDatabaseTargets,
  whatsAppVerificationUrl,
} from '@renum/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loopbackTools, type TestApp, type TestSession } from './test-app.ts';

const target = testDatabaseTargets()[1]!;

const accounts = {
  a: {
    phoneNumberId: '100000000001',
    token: 'EAAG-token-client-A-5f1c',
    secret: 'app-secret-A-7d2e91',
    verify: 'verify-A-3c8d',
  },
  b: {
    phoneNumberId: '200000000002',
    token: 'EAAG-token-client-B-9a4b',
    secret: 'app-secret-B-1b7f42',
    verify: 'verify-B-6e1a',
  },
};

/** Polls `read` until it answers something defined (or fails after ~15 s). */
async function waitFor<T>(read: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(target.skipReason !== null)('WhatsApp Business channel (issue 12)', () => {
  let t: TestApp;
  let fake: FakeWhatsApp;
  let webhookUrl: string;
  const clients: Record<'a' | 'b', { owner: TestSession; agentId: string; connectionId: string }> =
    {} as never;

  async function connect(key: 'a' | 'b') {
    const account = accounts[key];
    const owner = await t.signup();
    const agent = await t.createAgent(owner.accessToken, {
      name: `Atendente ${key.toUpperCase()}`,
      system_prompt: 'Você atende clientes pelo WhatsApp.',
      model: 'offline/renum',
    });
    const credential = await t.request({
      method: 'POST',
      url: '/v1/credentials',
      token: owner.accessToken,
      body: {
        service: 'whatsapp',
        name: `whatsapp-${key}`,
        secret: { access_token: account.token, phone_number_id: account.phoneNumberId },
      },
    });
    expect(credential.statusCode, credential.body).toBe(201);
    const connected = await t.request({
      method: 'POST',
      url: '/v1/channels/whatsapp',
      token: owner.accessToken,
      body: {
        agent_id: agent.id,
        phone_number_id: account.phoneNumberId,
        credential_id: credential.json().id,
        app_secret: account.secret,
        verify_token: account.verify,
        template_name: 'hello_again',
      },
    });
    expect(connected.statusCode, connected.body).toBe(201);
    expect(connected.body).not.toContain(account.secret);
    expect(connected.body).not.toContain(account.verify);
    clients[key] = { owner, agentId: agent.id, connectionId: connected.json().id };
  }

  beforeAll(async () => {
    fake = await startFakeWhatsApp({
      accounts: {
        [accounts.a.phoneNumberId]: accounts.a.token,
        [accounts.b.phoneNumberId]: accounts.b.token,
      },
    });
    t = await createTestApp(target, { tools: { ...loopbackTools(), whatsappUrl: fake.url } });
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    webhookUrl = `${address}/v1/channels/whatsapp/webhook`;
    await connect('a');
    await connect('b');
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  const deliver = (payload: unknown, key: 'a' | 'b' = 'a', signature?: string | null) =>
    postWhatsAppWebhook({ url: webhookUrl, appSecret: accounts[key].secret, payload, signature });
  const sentTo = (to: string) => fake.sent.filter((message) => message.to === to);
  const inbound = async (wamid: string) =>
    withPlatform(t.deps.db, (tx) =>
      tx.select().from(whatsappMessages).where(eq(whatsappMessages.wamid, wamid)),
    );

  it("answers Meta's handshake only for a connected verify token", async () => {
    const right = await fetch(whatsAppVerificationUrl(webhookUrl, accounts.a.verify, '8675309'));
    expect(right.status).toBe(200);
    expect(await right.text()).toBe('8675309');
    const wrong = await fetch(whatsAppVerificationUrl(webhookUrl, 'not-the-token', '8675309'));
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain('8675309');
    const noMode = await fetch(`${webhookUrl}?hub.verify_token=${accounts.a.verify}&hub.challenge=1`);
    expect(noMode.status).toBe(403);
  });

  it('answers a signed message through the proxy with the client’s credential, and shows it in the inbox', async () => {
    const payload = buildWhatsAppTextWebhook({
      phoneNumberId: accounts.a.phoneNumberId,
      from: '5511911110001',
      name: 'Maria',
      text: 'Vocês abrem no domingo?',
    });
    const delivered = await deliver(payload);
    expect(delivered.status).toBe(200);
    expect(await delivered.json()).toEqual({ stored: 1, statuses: 0, ignored: 0 });
    const [answer] = await waitFor(
      () => (sentTo('5511911110001').length ? sentTo('5511911110001') : undefined),
      'answer',
    );
    expect(answer).toMatchObject({ phoneNumberId: accounts.a.phoneNumberId, type: 'text' });
    const request = fake.requests.find((req) => req.path === `/v21.0/${accounts.a.phoneNumberId}/messages`);
    expect(request?.headers.authorization).toBe(`Bearer ${accounts.a.token}`);
    const wamid = (
      payload.entry as Array<{ changes: Array<{ value: { messages: Array<{ id: string }> } }> }>
    )[0]!.changes[0]!.value.messages[0]!.id;
    expect(answer?.body.context).toEqual({ message_id: wamid });

    const inbox = (
      await t.request({
        method: 'GET',
        url: `/v1/conversations?agent_id=${clients.a.agentId}`,
        token: clients.a.owner.accessToken,
      })
    ).json().data;
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ channel: 'whatsapp' });
    const stored = await withPlatform(t.deps.db, (tx) =>
      tx.select().from(messages).where(eq(messages.conversation_id, inbox[0].id)),
    );
    expect(stored.find((message) => message.role === 'user')?.text).toBe('Vocês abrem no domingo?');
    expect(stored.find((message) => message.role === 'assistant')?.text).toBe(answer?.text);
    const [row] = await waitFor(async () => {
      const rows = await inbound(wamid);
      return rows[0]?.status === 'handled' ? rows : undefined;
    }, 'handled');
    expect(row?.answer_wamid).toBe(answer?.id);
  });

  it('a person who took the conversation over is heard on WhatsApp; the agent stays silent meanwhile', async () => {
    const conversation = (
      await t.request({
        method: 'GET',
        url: `/v1/conversations?agent_id=${clients.a.agentId}`,
        token: clients.a.owner.accessToken,
      })
    ).json().data[0];
    const call = (url: string, body?: unknown) =>
      t.request({ method: 'POST', url, token: clients.a.owner.accessToken, ...(body ? { body } : {}) });
    expect((await call(`/v1/conversations/${conversation.id}/takeover`)).statusCode).toBe(200);
    const before = sentTo('5511911110001').length;
    await deliver(
      buildWhatsAppTextWebhook({
        phoneNumberId: accounts.a.phoneNumberId,
        from: '5511911110001',
        text: 'Tem alguém aí?',
        messageId: 'wamid.HELD1',
      }),
    );
    await waitFor(
      async () => ((await inbound('wamid.HELD1'))[0]?.status === 'handled' ? true : undefined),
      'held',
    );
    expect(sentTo('5511911110001')).toHaveLength(before);
    const reply = await call(`/v1/conversations/${conversation.id}/replies`, {
      content: 'Oi Maria, sou a Ana.',
    });
    expect(reply.statusCode, reply.body).toBe(201);
    await waitFor(
      () => sentTo('5511911110001').find((sent) => sent.text === 'Oi Maria, sou a Ana.'),
      'reply',
    );
    expect((await call(`/v1/conversations/${conversation.id}/hand-back`)).statusCode).toBe(200);
  });

  it('refuses a bad or missing signature and stores nothing', async () => {
    const payload = buildWhatsAppTextWebhook({
      phoneNumberId: accounts.a.phoneNumberId,
      from: '5511911110002',
      text: 'Oi',
      messageId: 'wamid.BADSIGNATURE1',
    });
    const forged = await deliver(payload, 'a', `sha256=${'0'.repeat(64)}`);
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { code: string }).code).toBe('WHATSAPP_SIGNATURE_INVALID');
    // Signed with another app's secret: refused as well.
    expect((await deliver(payload, 'b')).status).toBe(401);
    expect((await deliver(payload, 'a', null)).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await inbound('wamid.BADSIGNATURE1')).toEqual([]);
    expect(sentTo('5511911110002')).toEqual([]);
  });

  it('answers a message Meta delivers twice only once', async () => {
    const payload = buildWhatsAppTextWebhook({
      phoneNumberId: accounts.a.phoneNumberId,
      from: '5511911110003',
      text: 'Qual o horário?',
      messageId: 'wamid.TWICE1',
    });
    const [first, second] = [await deliver(payload), await deliver(payload)];
    expect(await first.json()).toEqual({ stored: 1, statuses: 0, ignored: 0 });
    expect(await second.json()).toEqual({ stored: 0, statuses: 0, ignored: 0 });
    await waitFor(
      async () => ((await inbound('wamid.TWICE1'))[0]?.status === 'handled' ? true : undefined),
      'handled',
    );
    expect((await deliver(payload)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sentTo('5511911110003')).toHaveLength(1);
  });

  it('moves an answer’s delivery status forward from status callbacks, never back', async () => {
    await deliver(
      buildWhatsAppTextWebhook({
        phoneNumberId: accounts.a.phoneNumberId,
        from: '5511911110004',
        text: 'Olá',
      }),
    );
    const [answer] = await waitFor(
      () => (sentTo('5511911110004').length ? sentTo('5511911110004') : undefined),
      'answer',
    );
    const status = (value: 'delivered' | 'read' | 'failed') =>
      buildWhatsAppStatusWebhook({
        phoneNumberId: accounts.a.phoneNumberId,
        messageId: answer!.id,
        recipientId: '5511911110004',
        status: value,
      });
    const outbound = async () => (await inbound(answer!.id))[0]?.status;
    await waitFor(async () => ((await outbound()) === 'sent' ? true : undefined), 'stored answer');
    expect(await (await deliver(status('delivered'))).json()).toEqual({ stored: 0, statuses: 1, ignored: 0 });
    expect(await outbound()).toBe('delivered');
    await deliver(status('read'));
    expect(await outbound()).toBe('read');
    expect(await (await deliver(status('delivered'))).json()).toEqual({ stored: 0, statuses: 0, ignored: 0 });
    expect(await outbound()).toBe('read');
    // Client B's number cannot move client A's message.
    const foreign = buildWhatsAppStatusWebhook({
      phoneNumberId: accounts.b.phoneNumberId,
      messageId: answer!.id,
      recipientId: '5511911110004',
      status: 'failed',
    });
    expect(await (await deliver(foreign, 'b')).json()).toEqual({ stored: 0, statuses: 0, ignored: 0 });
    expect(await outbound()).toBe('read');
  });

  it("routes client B's number to B's agent only, with B's credential", async () => {
    const payload = buildWhatsAppTextWebhook({
      phoneNumberId: accounts.b.phoneNumberId,
      from: '5511933330001',
      text: 'Oi B',
    });
    expect((await deliver(payload, 'b')).status).toBe(200);
    const [answer] = await waitFor(
      () => (sentTo('5511933330001').length ? sentTo('5511933330001') : undefined),
      'answer',
    );
    expect(answer?.phoneNumberId).toBe(accounts.b.phoneNumberId);
    const bearer = fake.requests
      .filter((req) => req.path.includes(accounts.b.phoneNumberId))
      .map((req) => req.headers.authorization);
    expect(new Set(bearer)).toEqual(new Set([`Bearer ${accounts.b.token}`]));
    const byClient = await withPlatform(t.deps.db, (tx) =>
      tx
        .select({ client: conversations.client_id, agent: conversations.agent_id })
        .from(conversations)
        .where(eq(conversations.channel, 'whatsapp')),
    );
    const ofB = byClient.filter((row) => row.client === clients.b.owner.clientId);
    expect(ofB).toEqual([{ client: clients.b.owner.clientId, agent: clients.b.agentId }]);
    expect(
      byClient
        .filter((row) => row.agent === clients.a.agentId)
        .every((row) => row.client === clients.a.owner.clientId),
    ).toBe(true);
    const aInbox = (
      await t.request({ method: 'GET', url: '/v1/conversations', token: clients.a.owner.accessToken })
    ).json().data as Array<{ id: string }>;
    const bConversation = await withPlatform(t.deps.db, (tx) =>
      tx
        .select()
        .from(conversations)
        .where(
          and(eq(conversations.client_id, clients.b.owner.clientId), eq(conversations.channel, 'whatsapp')),
        ),
    );
    expect(aInbox.map((row) => row.id)).not.toContain(bConversation[0]?.id);
  });

  it('answers a media message with a polite text', async () => {
    await deliver(
      buildWhatsAppMediaWebhook({
        phoneNumberId: accounts.a.phoneNumberId,
        from: '5511911110005',
        type: 'audio',
      }),
    );
    const [answer] = await waitFor(
      () => (sentTo('5511911110005').length ? sentTo('5511911110005') : undefined),
      'answer',
    );
    expect(answer?.text).toBe(mediaReply);
  });

  it('lists, updates and disconnects numbers; secrets never shown; another client cannot touch them', async () => {
    const list = await t.request({
      method: 'GET',
      url: '/v1/channels/whatsapp',
      token: clients.a.owner.accessToken,
    });
    expect(list.json().data).toHaveLength(1);
    expect(list.json().data[0]).toMatchObject({
      phone_number_id: accounts.a.phoneNumberId,
      template_name: 'hello_again',
    });
    expect(list.body).not.toContain(accounts.a.secret);
    const foreign = await t.request({
      method: 'PATCH',
      url: `/v1/channels/whatsapp/${clients.a.connectionId}`,
      token: clients.b.owner.accessToken,
      body: { template_name: 'x' },
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('WHATSAPP_CONNECTION_NOT_FOUND');
    const taken = await t.request({
      method: 'POST',
      url: '/v1/channels/whatsapp',
      token: clients.b.owner.accessToken,
      body: {
        agent_id: clients.b.agentId,
        phone_number_id: accounts.a.phoneNumberId,
        credential_id: (
          await t.request({ method: 'GET', url: '/v1/credentials', token: clients.b.owner.accessToken })
        )
          .json()
          .data.find((c: { service: string }) => c.service === 'whatsapp').id,
        app_secret: 'another-secret-123',
        verify_token: 'verify-other-1',
      },
    });
    expect(taken.statusCode).toBe(409);
    const bad = await t.request({
      method: 'PATCH',
      url: `/v1/channels/whatsapp/${clients.a.connectionId}`,
      token: clients.a.owner.accessToken,
      body: { verify_token: 'short' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('audits nothing secret', async () => {
    const rows = await withPlatform(t.deps.db, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'whatsapp.connect')),
    );
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain(accounts.a.secret);
  });
});
