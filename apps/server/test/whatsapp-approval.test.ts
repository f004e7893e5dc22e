import { approvalRequests, auditLog, whatsappMessages, withPlatform } from '@renum/db';
import { approvalButtonId, approvalReplies } from '@renum/platform';
import {
  buildWhatsAppButtonReplyWebhook,
  buildWhatsAppTextWebhook,
  type FakeWhatsApp,
  postWhatsAppWebhook,
  startFakeWhatsApp,
  testDatabaseTargets,
} from '@renum/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loopbackTools, type TestApp, type TestSession } from './test-app.ts';

const target = testDatabaseTargets()[1]!;
const account = {
  phoneNumberId: '300000000003',
  token: 'EAAG-token-approvals-2c9e',
  secret: 'app-secret-approvals-8f3a',
};
const approverNumber = '5511922220001';
const strangerNumber = '5511955550009';

async function waitFor<T>(read: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(target.skipReason !== null)('approval over WhatsApp (issue 15)', () => {
  let t: TestApp;
  let fake: FakeWhatsApp;
  let webhookUrl: string;
  let owner: TestSession;
  let agentId: string;

  beforeAll(async () => {
    fake = await startFakeWhatsApp({ accounts: { [account.phoneNumberId]: account.token } });
    t = await createTestApp(target, {
      tools: { ...loopbackTools(), whatsappUrl: fake.url },
    });
    webhookUrl = `${await t.app.listen({ host: '127.0.0.1', port: 0 })}/v1/channels/whatsapp/webhook`;
    owner = await t.signup();
    agentId = (
      await t.createAgent(owner.accessToken, {
        name: 'Caixa',
        system_prompt: 'You calculate.',
        model: 'offline/renum',
        tools: [{ name: 'calculator', critical: true }],
      })
    ).id;
    const credential = await api('POST', '/v1/credentials', {
      service: 'whatsapp',
      name: 'main',
      secret: { access_token: account.token, phone_number_id: account.phoneNumberId },
    });
    const connected = await api('POST', '/v1/channels/whatsapp', {
      agent_id: agentId,
      phone_number_id: account.phoneNumberId,
      credential_id: credential.json().id,
      app_secret: account.secret,
      verify_token: 'verify-approvals-1',
      template_name: 'approval_pending',
    });
    expect(connected.statusCode, connected.body).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  function api(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) {
    return t.request({ method, url, token: owner.accessToken, ...(body === undefined ? {} : { body }) });
  }
  const deliver = (payload: unknown) =>
    postWhatsAppWebhook({ url: webhookUrl, appSecret: account.secret, payload });
  const sentTo = (to: string) => fake.sent.filter((message) => message.to === to);
  const row = async (id: string) =>
    (
      await withPlatform(t.deps.db, (tx) =>
        tx.select().from(approvalRequests).where(eq(approvalRequests.id, id)),
      )
    )[0]!;
  /** A new pending request (the agent's critical calculator call) and the WhatsApp message it sent the approver. */
  async function pendingRequest() {
    const before = sentTo(approverNumber).length;
    const conversationId = await t.openConversation(owner.accessToken, agentId);
    await t.ask(owner.accessToken, conversationId, 'calculate 1500 * 2');
    await t.manager.drain();
    const pending = (
      await api('GET', `/v1/approvals?status=pending&conversation_id=${conversationId}`)
    ).json().data;
    expect(pending).toHaveLength(1);
    const message = await waitFor(() => sentTo(approverNumber)[before], 'the request on WhatsApp');
    return { id: pending[0].id as string, message };
  }
  const decided = (id: string) =>
    waitFor(async () => {
      const current = await row(id);
      return current.status === 'pending' ? undefined : current;
    }, 'a decision');

  it('registers an approver number and refuses a malformed one', async () => {
    expect((await api('PUT', '/v1/me/whatsapp', { whatsapp_number: 'call me' })).statusCode).toBe(400);
    const saved = await api('PUT', '/v1/me/whatsapp', { whatsapp_number: '+55 11 92222-0001' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual({ whatsapp_number: approverNumber });
    expect((await api('GET', '/v1/me/whatsapp')).json()).toEqual({ whatsapp_number: approverNumber });
  });

  it('sends the template outside the 24-hour window, and a text SIM approves the single pending request', async () => {
    const { id, message } = await pendingRequest();
    expect(message.type).toBe('template');
    expect(message.template).toMatchObject({ name: 'approval_pending' });
    await deliver(
      buildWhatsAppTextWebhook({ phoneNumberId: account.phoneNumberId, from: approverNumber, text: 'SIM' }),
    );
    const done = await decided(id);
    expect(done).toMatchObject({ status: 'approved', decided_via: 'whatsapp', decided_by: owner.userId });
    await waitFor(
      () => sentTo(approverNumber).find((sent) => sent.text === approvalReplies.approve),
      'confirmation',
    );
  });

  it('inside the window sends Approve/Reject buttons; a button reply approves, and the first decision wins', async () => {
    const { id, message } = await pendingRequest();
    expect(message.type).toBe('interactive');
    const buttons = (message.interactive as { action: { buttons: Array<{ reply: { id: string } }> } }).action
      .buttons;
    expect(buttons.map((button) => button.reply.id)).toEqual([
      approvalButtonId(id, 'approve'),
      approvalButtonId(id, 'reject'),
    ]);
    const press = buildWhatsAppButtonReplyWebhook({
      phoneNumberId: account.phoneNumberId,
      from: approverNumber,
      buttonId: approvalButtonId(id, 'approve'),
      title: 'Aprovar / Approve',
      contextId: message.id,
    });
    await deliver(press);
    expect(await decided(id)).toMatchObject({ status: 'approved', decided_via: 'whatsapp' });
    // Pressing Reject afterwards changes nothing.
    await deliver(
      buildWhatsAppButtonReplyWebhook({
        phoneNumberId: account.phoneNumberId,
        from: approverNumber,
        buttonId: approvalButtonId(id, 'reject'),
        title: 'Rejeitar / Reject',
        contextId: message.id,
      }),
    );
    await waitFor(
      () => sentTo(approverNumber).find((sent) => sent.text === approvalReplies.decided),
      'already decided',
    );
    expect((await row(id)).status).toBe('approved');
  });

  it('a text NÃO replying to the request rejects it', async () => {
    const { id, message } = await pendingRequest();
    await deliver(
      buildWhatsAppTextWebhook({
        phoneNumberId: account.phoneNumberId,
        from: approverNumber,
        text: 'não',
        contextId: message.id,
      }),
    );
    expect(await decided(id)).toMatchObject({ status: 'rejected', decided_via: 'whatsapp' });
  });

  it('refuses (and audits) a button pressed from an unregistered number', async () => {
    const { id } = await pendingRequest();
    await deliver(
      buildWhatsAppButtonReplyWebhook({
        phoneNumberId: account.phoneNumberId,
        from: strangerNumber,
        buttonId: approvalButtonId(id, 'approve'),
        title: 'Aprovar / Approve',
      }),
    );
    await waitFor(
      () => sentTo(strangerNumber).find((sent) => sent.text === approvalReplies.unregistered),
      'refusal',
    );
    expect((await row(id)).status).toBe('pending');
    const audited = await withPlatform(t.deps.db, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'approval.whatsapp_refused')),
    );
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({
      target_id: id,
      data: { wa_id: strangerNumber, reason: 'unregistered_number' },
    });
    // Approving from the web still works, once.
    const web = await api('POST', `/v1/approvals/${id}/decision`, { decision: 'approve' });
    expect(web.statusCode, web.body).toBe(200);
    expect((await row(id)).decided_via).toBe('web');
  });

  const outbound = (to: string) =>
    withPlatform(t.deps.db, (tx) =>
      tx
        .select()
        .from(whatsappMessages)
        .where(and(eq(whatsappMessages.wa_id, to), eq(whatsappMessages.direction, 'out'))),
    );

  it('a contact’s run resumed after an approval sends its answer to the contact, once', async () => {
    const contact = '5511933330001';
    await deliver(
      buildWhatsAppTextWebhook({
        phoneNumberId: account.phoneNumberId,
        from: contact,
        text: 'calculate 1500 * 2',
      }),
    );
    const pending = await waitFor(async () => {
      const data = (await api('GET', '/v1/approvals?status=pending')).json().data;
      return data.length === 1 ? data : undefined;
    }, 'the contact run’s request');
    // Suspended: the contact has not been answered yet.
    expect(sentTo(contact)).toHaveLength(0);
    const web = await api('POST', `/v1/approvals/${pending[0].id}/decision`, { decision: 'approve' });
    expect(web.statusCode, web.body).toBe(200);
    const answer = await waitFor(() => sentTo(contact)[0], 'the resumed answer on WhatsApp');
    expect(answer.type).toBe('text');
    expect(answer.text).toContain('3000');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(sentTo(contact)).toHaveLength(1);
    const [row] = await outbound(contact);
    expect(row).toMatchObject({ wamid: answer.id, payload: { run_id: pending[0].run_id } });
    expect(row!.message_id).not.toBeNull();
  });
});
