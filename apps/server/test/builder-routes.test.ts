import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

describe('GET /v1/tools and GET /v1/dashboard', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(pglite);
  });
  afterAll(() => t.close());

  it('lists the built-in and outbound tools with their option summaries and critical defaults', async () => {
    const owner = await t.signup();
    const response = await t.request({ method: 'GET', url: '/v1/tools', token: owner.accessToken });
    expect(response.statusCode).toBe(200);
    const body = response.json() as {
      data: { name: string; kind: string; critical_default: boolean; options: { name: string }[] }[];
    };
    expect(body.data.map((tool) => tool.name)).toEqual([
      'calculator',
      'current_time',
      'web_search',
      'web_scrape',
      'whatsapp_send_message',
      'http_request',
    ]);
    const whatsapp = body.data.find((tool) => tool.name === 'whatsapp_send_message')!;
    expect(whatsapp.critical_default).toBe(true);
    expect(whatsapp.kind).toBe('outbound');
    const search = body.data.find((tool) => tool.name === 'web_search')!;
    expect(search.options.map((option) => option.name)).toContain('search_depth');
    // The "Test" dialog's fields and whether it may run the tool (ADR 0066).
    const tools = body.data as unknown as { name: string; testable: boolean; input: { name: string }[] }[];
    expect(tools.filter((tool) => !tool.testable).map((tool) => tool.name)).toEqual([
      'whatsapp_send_message',
    ]);
    expect(tools.find((tool) => tool.name === 'web_search')!.input.map((field) => field.name)).toContain(
      'query',
    );
    expect(tools.find((tool) => tool.name === 'calculator')!.input.map((field) => field.name)).toEqual([
      'expression',
    ]);
    expect((await t.request({ method: 'GET', url: '/v1/tools' })).statusCode).toBe(401);
  });

  it("counts the caller's agents by status and no other client's", async () => {
    const owner = await t.signup();
    const other = await t.signup();
    for (const status of ['draft', 'active', 'active']) {
      const created = await t.request({
        method: 'POST',
        url: '/v1/agents',
        token: owner.accessToken,
        body: { name: `Agent ${status}`, system_prompt: 'Help.', status },
      });
      expect(created.statusCode).toBe(201);
    }
    const mine = await t.request({ method: 'GET', url: '/v1/dashboard', token: owner.accessToken });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({
      agents_by_status: { draft: 1, active: 2, inactive: 0 },
      conversations_today: 0,
      runs_today: 0,
      month: { total_tokens: 0, cost_usd: 0 },
      recent_errors: [],
    });
    const theirs = await t.request({ method: 'GET', url: '/v1/dashboard', token: other.accessToken });
    expect(theirs.json()).toMatchObject({ agents_by_status: { draft: 0, active: 0, inactive: 0 } });
    expect((await t.request({ method: 'GET', url: '/v1/dashboard' })).statusCode).toBe(401);
  });
});
