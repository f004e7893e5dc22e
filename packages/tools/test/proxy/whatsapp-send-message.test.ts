import { startFakeWhatsApp } from '@renum/testing';
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import {
  expectNoSecret,
  expectSecretOnlyInHeader,
  fakeCredentials,
  scope,
  secrets,
  testProxy,
} from './proxy-test-kit.ts';

const cleanups = cleanupsAfterEach();

async function setup() {
  const whatsapp = await startFakeWhatsApp({ apiKey: secrets.whatsapp, phoneNumberId: '1098765432' });
  cleanups.push(whatsapp.close);
  const credentials = fakeCredentials({
    'client-a:whatsapp': {
      credentialId: 'cred-wa',
      fields: { access_token: secrets.whatsapp, phone_number_id: '1098765432' },
    },
  });
  const kit = testProxy({
    credentials,
    services: { whatsapp: { baseUrl: whatsapp.url, apiVersion: '21.0', pricePerMessageUsd: 0.0125 } },
  });
  cleanups.push(kit.close);
  const tool = kit.catalog.create({ name: 'whatsapp_send_message' });
  return { ...kit, whatsapp, tool };
}

describe('whatsapp_send_message through the proxy (WhatsApp Cloud API fake)', () => {
  it('sends a text message with the token only as a bearer token', async () => {
    const { proxy, whatsapp, tool, records } = await setup();

    const outcome = await proxy.call({
      ...scope,
      tool,
      input: { to: '+55 11 99999 8888'.replace(/ /g, ''), text: 'Olá!' },
    });

    expect(outcome.ok).toBe(true);
    expect(outcome.result).toEqual({
      sent: true,
      message_id: whatsapp.sent[0]?.id,
      to: '5511999998888',
      status: 'accepted',
    });
    const request = whatsapp.requests[0];
    expectSecretOnlyInHeader(request, secrets.whatsapp, 'authorization', `Bearer ${secrets.whatsapp}`);
    expect(request?.path).toBe('/v21.0/1098765432/messages');
    expect(whatsapp.sent[0]).toMatchObject({ type: 'text', text: 'Olá!', to: '5511999998888' });
    expect(records[0]).toMatchObject({
      service: 'whatsapp',
      units: 1,
      costUsd: 0.0125,
      credentialId: 'cred-wa',
    });
    expectNoSecret(secrets.whatsapp, outcome, records);
  });

  it('sends a template message with its language and components', async () => {
    const { proxy, whatsapp, tool } = await setup();
    const components = [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }];

    const outcome = await proxy.call({
      ...scope,
      tool,
      input: { to: '5511999998888', template: { name: 'order_ready', language: 'pt_BR', components } },
    });

    expect(outcome.ok).toBe(true);
    expect(whatsapp.sent[0]?.template).toEqual({
      name: 'order_ready',
      language: { code: 'pt_BR' },
      components,
    });
  });

  it('is critical by default and never cached: the same message twice is sent twice', async () => {
    const { proxy, whatsapp, tool } = await setup();
    expect(tool.critical).toBe(true);

    const input = { to: '5511999998888', text: 'same text' };
    const first = await proxy.call({ ...scope, tool, input });
    const second = await proxy.call({ ...scope, tool, input });

    expect([first.cached, second.cached]).toEqual([false, false]);
    expect(whatsapp.sent).toHaveLength(2);
    expect(proxy.cache?.stats()).toEqual({ hits: 0, misses: 0, bypasses: 2 });
  });

  it('does not retry a 500: the message may have been sent', async () => {
    const { proxy, whatsapp, tool } = await setup();
    whatsapp.enqueue({ status: 500 });

    const outcome = await proxy.call({ ...scope, tool, input: { to: '5511999998888', text: 'once' } });

    expect(outcome).toMatchObject({ ok: false, errorCode: 'UPSTREAM_ERROR', attempts: 1 });
    expect(whatsapp.requests).toHaveLength(1);
  });

  it('refuses both text and template, or neither', async () => {
    const { proxy, whatsapp, tool } = await setup();

    const both = await proxy.call({
      ...scope,
      tool,
      input: { to: '5511999998888', text: 'x', template: { name: 't', language: 'en' } },
    });
    const neither = await proxy.call({ ...scope, tool, input: { to: '5511999998888' } });

    expect(both).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT' });
    expect(neither.result).toContain('either text or template');
    expect(whatsapp.requests).toHaveLength(0);
  });

  it('scrubs the token from a Graph error that echoes it', async () => {
    const { proxy, whatsapp, tool, records } = await setup();
    whatsapp.enqueue({
      status: 400,
      message: `(#100) Invalid parameter near access_token=${secrets.whatsapp}`,
    });

    const outcome = await proxy.call({ ...scope, tool, input: { to: '5511999998888', text: 'x' } });

    expect(outcome).toMatchObject({ ok: false, errorCode: 'UPSTREAM_REJECTED' });
    expect(outcome.result).toContain('access_token=[REDACTED]');
    expectNoSecret(secrets.whatsapp, outcome, records);
  });
});
