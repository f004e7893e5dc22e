import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const httpTool = {
  name: 'crm_lookup',
  description: 'Looks a customer up in the CRM',
  method: 'GET',
  url_template: 'https://crm.example.com/customers/{id}',
  allowed_hosts: ['crm.example.com'],
  parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
};

describe.each(testDatabaseTargets())('the critical flag of agent tools ($name)', (target) => {
  let t: TestApp;
  let owner: TestSession;
  beforeAll(async () => {
    t = await createTestApp(target);
    owner = await t.signup();
  });
  afterAll(async () => t?.close());

  const create = (tools: unknown) =>
    t.request({
      method: 'POST',
      url: '/v1/agents',
      token: owner.accessToken,
      body: { name: 'Ferramentas', system_prompt: 'x', tools },
    });

  it('stores the resolved flag and shows it on create, get, list and update', async () => {
    const created = await create([
      { name: 'web_search' },
      { name: 'whatsapp_send_message' },
      { name: 'web_scrape', critical: true },
      { name: 'http_request', options: { ...httpTool, critical: true } },
      { name: 'calculator' },
    ]);
    expect(created.statusCode).toBe(201);
    const flags = (tools: { name: string; critical: boolean }[]) =>
      tools.map((tool) => [tool.name, tool.critical]);
    const expected = [
      ['web_search', false],
      ['whatsapp_send_message', true],
      ['web_scrape', true],
      ['http_request', true],
      ['calculator', false],
    ];
    expect(flags(created.json().tools)).toEqual(expected);
    const id = created.json().id;
    const got = await t.request({ method: 'GET', url: `/v1/agents/${id}`, token: owner.accessToken });
    expect(flags(got.json().tools)).toEqual(expected);
    const listed = await t.request({ method: 'GET', url: '/v1/agents', token: owner.accessToken });
    const inList = listed.json().data.find((agent: { id: string }) => agent.id === id);
    expect(flags(inList.tools)).toEqual(expected);
    const [row] = await t.handle.query<{ tools: { name: string; critical: boolean }[] }>(
      'select tools from agents where id = $1',
      [id],
    );
    expect(flags(row!.tools)).toEqual(expected);

    const updated = await t.request({
      method: 'PATCH',
      url: `/v1/agents/${id}`,
      token: owner.accessToken,
      body: { tools: [{ name: 'whatsapp_send_message', critical: false }] },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().tools).toEqual([{ name: 'whatsapp_send_message', critical: false }]);
  });

  it('shows the default for rows stored before the flag was resolved', async () => {
    const created = await create([{ name: 'web_search' }]);
    const id = created.json().id;
    await t.handle.query(
      `update agents set tools = '[{"name":"whatsapp_send_message"},{"name":"web_search"}]' where id = $1`,
      [id],
    );
    const got = await t.request({ method: 'GET', url: `/v1/agents/${id}`, token: owner.accessToken });
    expect(got.json().tools).toEqual([
      { name: 'whatsapp_send_message', critical: true },
      { name: 'web_search', critical: false },
    ]);
  });

  it('refuses a non-boolean flag and invalid tool options when the agent is saved', async () => {
    const notBoolean = await create([{ name: 'web_search', critical: 'yes' }]);
    expect(notBoolean.statusCode).toBe(400);
    expect(notBoolean.json().code).toBe('VALIDATION_ERROR');
    const badOptions = await create([{ name: 'web_search', options: { search_depth: 'deepest' } }]);
    expect(badOptions.statusCode).toBe(400);
    expect(badOptions.json()).toMatchObject({ code: 'VALIDATION_ERROR', tool: 'web_search' });
    const twice = await create([
      { name: 'http_request', options: httpTool },
      { name: 'http_request', options: httpTool },
    ]);
    expect(twice.statusCode).toBe(400);
  });
});
