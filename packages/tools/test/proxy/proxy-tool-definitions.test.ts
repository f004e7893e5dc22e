import { AppError } from '@renum/contracts';
import { toAiSdkTools } from '@renum/runtime';
import { startFakeTavily, startFakeWhatsApp } from '@renum/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createProxyToolDefinitions, ToolCallError } from '../../src/index.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { expectNoSecret, fakeCredentials, scope, secrets, testProxy } from './proxy-test-kit.ts';

const cleanups = cleanupsAfterEach();

async function setup() {
  const tavily = await startFakeTavily({ apiKey: secrets.tavily });
  const whatsapp = await startFakeWhatsApp({ apiKey: secrets.whatsapp });
  cleanups.push(tavily.close, whatsapp.close);
  const credentials = fakeCredentials({
    'client-a:tavily': { credentialId: 'cred-t', fields: { api_key: secrets.tavily } },
  });
  const kit = testProxy({
    credentials,
    services: { tavily: { baseUrl: tavily.url }, whatsapp: { baseUrl: whatsapp.url } },
  });
  cleanups.push(kit.close);
  return { ...kit, tavily, whatsapp };
}

describe('createProxyToolDefinitions', () => {
  it('builds runtime tool definitions bound to the run, with critical flags and JSON-schema inputs', async () => {
    const { proxy, catalog, tavily, records } = await setup();
    const events: string[] = [];

    const definitions = createProxyToolDefinitions({
      proxy,
      catalog,
      scope,
      enabled: [
        { name: 'web_search', options: { search_depth: 'advanced' } },
        { name: 'whatsapp_send_message' },
        {
          name: 'http_request',
          options: {
            name: 'get_order',
            description: 'Look an order up',
            url_template: 'https://shop.example.com/orders/{id}',
            allowed_hosts: ['shop.example.com'],
            parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
            auth: { type: 'bearer', credential_name: 'shop' },
          },
        },
      ],
      onEvent: (event, call) => events.push(`${call.toolCallId}:${call.tool}:${event.type}`),
    });

    expect(definitions.map((definition) => [definition.name, definition.critical])).toEqual([
      ['web_search', false],
      ['whatsapp_send_message', true],
      ['get_order', false],
    ]);
    expect(Object.keys(toAiSdkTools(definitions, { scope }))).toEqual([
      'web_search',
      'whatsapp_send_message',
      'get_order',
    ]);
    expect(z.toJSONSchema(definitions[2]?.inputSchema ?? z.never())).toMatchObject({
      type: 'object',
      properties: { id: { type: 'string' } },
      required: ['id'],
    });
    const search = definitions[0];
    const result = await search?.execute({ query: 'bound scope' }, { toolCallId: 'call-1' });
    expect(result).toMatchObject({ results: expect.any(Array) });
    expect(tavily.requests[0]?.body).toMatchObject({ search_depth: 'advanced' });
    expect(records[0]).toMatchObject({ ...scope, units: 2, costUsd: 0.016 });
    expect(events).toEqual(['call-1:web_search:attempt']);
  });

  it("hands a call's record to the run's report with the tool call id, not to the proxy's onCall", async () => {
    const { proxy, catalog, records } = await setup();
    const reported: { toolCallId: string; tool: string; units: number }[] = [];
    const [search] = createProxyToolDefinitions({
      proxy,
      catalog,
      scope,
      enabled: [{ name: 'web_search' }],
      report: (record, toolCallId) => reported.push({ toolCallId, tool: record.tool, units: record.units }),
    });
    await search?.execute({ query: 'metered with its event' }, { toolCallId: 'call-7' });
    expect(reported).toEqual([{ toolCallId: 'call-7', tool: 'web_search', units: 1 }]);
    expect(records).toEqual([]);
  });

  it('throws a ToolCallError with the readable message (and no secret) when a call fails', async () => {
    const { proxy, catalog, records } = await setup();
    const [send] = createProxyToolDefinitions({
      proxy,
      catalog,
      scope,
      enabled: [{ name: 'whatsapp_send_message' }],
    });

    const failure = await Promise.resolve(
      send?.execute({ to: '5511999998888', text: 'hi' }, { toolCallId: 'c' }),
    ).catch((error: unknown) => error);

    expect(ToolCallError.isInstance(failure)).toBe(true);
    expect((failure as ToolCallError).code).toBe('CREDENTIAL_MISSING');
    expect((failure as ToolCallError).message).toBe('no credential for whatsapp; add one in Credentials');
    expect((failure as ToolCallError).cause).toBeUndefined();
    expectNoSecret(secrets.tavily, records);
  });

  it('refuses unknown tools, invalid options and duplicate names with VALIDATION_ERROR', async () => {
    const { proxy, catalog } = await setup();
    const build = (enabled: { name: string; options?: unknown }[]) => () =>
      createProxyToolDefinitions({ proxy, catalog, scope, enabled });

    expect(build([{ name: 'teleport' }])).toThrow(AppError);
    expect(build([{ name: 'web_search', options: { search_depth: 'deepest' } }])).toThrow(
      /Invalid options for tool web_search: search_depth/,
    );
    expect(build([{ name: 'web_search' }, { name: 'web_search' }])).toThrow(
      /Two enabled tools are named web_search/,
    );
    const named = (name: string) => ({
      name: 'http_request',
      options: {
        name,
        description: 'x',
        url_template: 'https://a.example.com/',
        allowed_hosts: ['a.example.com'],
      },
    });
    expect(build([named('web_scrape')])).toThrow(/cannot be named web_scrape/);
    let caught: unknown;
    try {
      build([{ name: 'web_search', options: { retries: 99 } }])();
    } catch (error) {
      caught = error;
    }
    expect(AppError.isInstance(caught) && caught.code).toBe('VALIDATION_ERROR');
    expect((caught as AppError).context.details).toEqual([{ path: 'retries', message: expect.any(String) }]);
  });
});
