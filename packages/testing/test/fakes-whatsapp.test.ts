import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildWhatsAppStatusWebhook,
  buildWhatsAppTextWebhook,
  postWhatsAppWebhook,
  signWhatsAppPayload,
  startFakeHttpApi,
  startFakeWhatsApp,
  whatsAppVerificationUrl,
} from '../src/fakes/index.ts';

const TOKEN = 'EAAG-test-token';
const PHONE_ID = '106540352242922';

interface SendAnswer {
  messaging_product: string;
  contacts: { input: string; wa_id: string }[];
  messages: { id: string; message_status?: string }[];
}

interface GraphError {
  error: { message: string; type: string; code: number; fbtrace_id: string; error_subcode?: number };
}

const send = (url: string, body: unknown, token = TOKEN, phoneId = PHONE_ID) =>
  fetch(`${url}/v21.0/${phoneId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });

describe('fake WhatsApp Cloud API', () => {
  it('accepts a text message', async () => {
    await using fake = await startFakeWhatsApp({ apiKey: TOKEN, phoneNumberId: PHONE_ID });
    const response = await send(fake.url, {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+1 (555) 010-9999',
      type: 'text',
      text: { body: 'Hello from Renum' },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as SendAnswer;
    expect(body.messaging_product).toBe('whatsapp');
    expect(body.contacts).toEqual([{ input: '+1 (555) 010-9999', wa_id: '15550109999' }]);
    expect(body.messages[0]?.id).toMatch(/^wamid\./);
    expect(fake.sent[0]).toMatchObject({
      type: 'text',
      text: 'Hello from Renum',
      version: 'v21.0',
      phoneNumberId: PHONE_ID,
    });
  });

  it('accepts a template message', async () => {
    await using fake = await startFakeWhatsApp({ apiKey: TOKEN });
    const template = {
      name: 'order_update',
      language: { code: 'en_US' },
      components: [{ type: 'body', parameters: [{ type: 'text', text: 'A-1' }] }],
    };
    const response = await send(fake.url, {
      messaging_product: 'whatsapp',
      to: '15550001111',
      type: 'template',
      template,
    });
    const body = (await response.json()) as SendAnswer;
    expect(body.messages[0]).toMatchObject({
      id: expect.stringMatching(/^wamid\./),
      message_status: 'accepted',
    });
    expect(fake.sent[0]?.template).toEqual(template);
  });

  it('answers Graph-shaped errors for bad tokens, bodies and phone ids', async () => {
    await using fake = await startFakeWhatsApp({ apiKey: TOKEN, phoneNumberId: PHONE_ID });
    const text = { messaging_product: 'whatsapp', to: '1555', type: 'text', text: { body: 'x' } };
    const unauthorized = await send(fake.url, text, 'wrong');
    expect(unauthorized.status).toBe(401);
    const authError = (await unauthorized.json()) as GraphError;
    expect(authError.error).toMatchObject({
      type: 'OAuthException',
      code: 190,
      fbtrace_id: expect.any(String),
    });
    expect(authError.error.message).toContain('Invalid OAuth access token');

    const noProduct = await send(fake.url, { to: '1555', type: 'text', text: { body: 'x' } });
    expect(noProduct.status).toBe(400);
    expect(((await noProduct.json()) as GraphError).error).toMatchObject({
      code: 100,
      type: 'OAuthException',
    });

    const noBody = await send(fake.url, { messaging_product: 'whatsapp', to: '1555', type: 'text' });
    expect(((await noBody.json()) as GraphError).error.message).toBe(
      "(#100) The parameter text['body'] is required.",
    );

    const wrongPhone = await send(fake.url, text, TOKEN, '999');
    expect(((await wrongPhone.json()) as GraphError).error).toMatchObject({ code: 100, error_subcode: 33 });
    expect(fake.sent).toHaveLength(0);
  });

  it('can drop the connection for resilience tests', async () => {
    await using fake = await startFakeWhatsApp();
    fake.enqueue({ drop: 'before-response' });
    const text = { messaging_product: 'whatsapp', to: '1555', type: 'text', text: { body: 'x' } };
    await expect(send(fake.url, text)).rejects.toThrow();
    expect((await send(fake.url, text)).status).toBe(200);
  });
});

describe('WhatsApp webhook helpers', () => {
  it('signs and posts an inbound message webhook', async () => {
    await using receiver = await startFakeHttpApi();
    const payload = buildWhatsAppTextWebhook({
      phoneNumberId: PHONE_ID,
      from: '15550109999',
      text: 'hi agent',
    });
    const response = await postWhatsAppWebhook({
      url: `${receiver.url}/webhooks/whatsapp`,
      appSecret: 's3cret',
      payload,
    });
    expect(response.status).toBe(200);
    const request = receiver.requests[0];
    const expected = `sha256=${createHmac('sha256', 's3cret')
      .update(request?.rawBody ?? '')
      .digest('hex')}`;
    expect(request?.headers['x-hub-signature-256']).toBe(expected);
    expect(signWhatsAppPayload(request?.rawBody ?? '', 's3cret')).toBe(expected);
    const delivered = request?.body as { entry: { changes: { value: Record<string, unknown> }[] }[] };
    const value = delivered.entry[0]?.changes[0]?.value;
    expect(value).toMatchObject({
      metadata: { phone_number_id: PHONE_ID },
      messages: [{ from: '15550109999', type: 'text', text: { body: 'hi agent' } }],
    });
  });

  it('can send a bad or missing signature, status webhooks and verification URLs', async () => {
    await using receiver = await startFakeHttpApi();
    const payload = buildWhatsAppStatusWebhook({
      phoneNumberId: PHONE_ID,
      messageId: 'wamid.X',
      recipientId: '1555',
      status: 'delivered',
    });
    await postWhatsAppWebhook({ url: receiver.url, appSecret: 's', payload, signature: 'sha256=bad' });
    await postWhatsAppWebhook({ url: receiver.url, appSecret: 's', payload, signature: null });
    expect(receiver.requests[0]?.headers['x-hub-signature-256']).toBe('sha256=bad');
    expect(receiver.requests[1]?.headers['x-hub-signature-256']).toBeUndefined();
    expect(JSON.stringify(receiver.requests[0]?.body)).toContain('"status":"delivered"');
    const url = new URL(whatsAppVerificationUrl(`${receiver.url}/hook`, 'verify-me', '42'));
    expect(Object.fromEntries(url.searchParams)).toEqual({
      'hub.mode': 'subscribe',
      'hub.verify_token': 'verify-me',
      'hub.challenge': '42',
    });
  });
});
