import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

describe('bad input gets 400 VALIDATION_ERROR and writes nothing', () => {
  let t: TestApp;
  let owner: TestSession;
  let agentId: string;
  beforeAll(async () => {
    t = await createTestApp(pglite, { bodyLimitBytes: 16 * 1024 });
    owner = await t.signup();
    agentId = (await t.createAgent(owner.accessToken, { name: 'Base', system_prompt: 'x' })).id;
  });
  afterAll(async () => t?.close());

  const counts = async () => {
    const rows = await t.handle.query<{ agents: number; sub_agents: number; audit: number }>(
      `select (select count(*)::int from agents) as agents, (select count(*)::int from sub_agents) as sub_agents,
              (select count(*)::int from audit_log) as audit`,
    );
    return rows[0];
  };

  const cases: Array<{
    name: string;
    method: 'POST' | 'PATCH';
    url: () => string;
    body: unknown;
    code?: string;
    field?: string;
  }> = [
    {
      name: 'missing system_prompt',
      method: 'POST',
      url: () => '/v1/agents',
      body: { name: 'x' },
      field: 'body.system_prompt',
    },
    {
      name: 'missing name',
      method: 'POST',
      url: () => '/v1/agents',
      body: { system_prompt: 'x' },
      field: 'body.name',
    },
    {
      name: 'empty name',
      method: 'POST',
      url: () => '/v1/agents',
      body: { name: '   ', system_prompt: 'x' },
    },
    {
      name: 'name of wrong type',
      method: 'POST',
      url: () => '/v1/agents',
      body: { name: 42, system_prompt: 'x' },
    },
    {
      name: 'unknown status',
      method: 'POST',
      url: () => '/v1/agents',
      body: { name: 'x', system_prompt: 'x', status: 'published' },
      field: 'body.status',
    },
    {
      name: 'unknown channel',
      method: 'POST',
      url: () => '/v1/agents',
      body: { name: 'x', system_prompt: 'x', channel: 'fax' },
    },
    {
      name: 'is_public as string',
      method: 'POST',
      url: () => '/v1/agents',
      body: { name: 'x', system_prompt: 'x', is_public: 'yes' },
    },
    {
      name: 'config as array',
      method: 'POST',
      url: () => '/v1/agents',
      body: { name: 'x', system_prompt: 'x', config: [] },
    },
    {
      name: 'bad slug',
      method: 'POST',
      url: () => '/v1/agents',
      body: { name: 'x', system_prompt: 'x', slug: 'Not A Slug' },
    },
    {
      name: 'unknown field',
      method: 'POST',
      url: () => '/v1/agents',
      body: { name: 'x', system_prompt: 'x', colour: 'red' },
    },
    {
      name: 'oversized name',
      method: 'POST',
      url: () => '/v1/agents',
      body: { name: 'n'.repeat(201), system_prompt: 'x' },
    },
    {
      name: 'body over the size limit',
      method: 'POST',
      url: () => '/v1/agents',
      body: { name: 'x', system_prompt: 'p'.repeat(20_000) },
    },
    { name: 'not JSON', method: 'POST', url: () => '/v1/agents', body: '{"name": ' },
    { name: 'empty patch', method: 'PATCH', url: () => `/v1/agents/${agentId}`, body: {} },
    {
      name: 'patch with unknown enum',
      method: 'PATCH',
      url: () => `/v1/agents/${agentId}`,
      body: { status: 'archived' },
    },
    {
      name: 'sub-agent without topics',
      method: 'POST',
      url: () => `/v1/agents/${agentId}/sub-agents`,
      body: { name: 'x', system_prompt: 'x' },
    },
    {
      name: 'sub-agent topics not a list',
      method: 'POST',
      url: () => `/v1/agents/${agentId}/sub-agents`,
      body: { name: 'x', system_prompt: 'x', topics: 'billing' },
    },
    {
      name: 'sub-agent only blank topics',
      method: 'POST',
      url: () => `/v1/agents/${agentId}/sub-agents`,
      body: { name: 'x', system_prompt: 'x', topics: [' '] },
    },
    {
      name: 'sub-agent with a malformed agent id',
      method: 'POST',
      url: () => '/v1/agents/123/sub-agents',
      body: { name: 'x', system_prompt: 'x', topics: ['a'] },
      code: 'INVALID_AGENT_ID',
    },
    {
      name: 'signup with a bad email',
      method: 'POST',
      url: () => '/v1/auth/signup',
      body: { email: 'nope', password: 'long-enough', name: 'x', client_name: 'y' },
    },
    {
      name: 'signup with a short password',
      method: 'POST',
      url: () => '/v1/auth/signup',
      body: { email: 'a@example.com', password: 'short', name: 'x', client_name: 'y' },
    },
  ];

  for (const testCase of cases) {
    it(testCase.name, async () => {
      const before = await counts();
      const response = await t.app.inject({
        method: testCase.method,
        url: testCase.url(),
        headers: { authorization: `Bearer ${owner.accessToken}`, 'content-type': 'application/json' },
        payload: typeof testCase.body === 'string' ? testCase.body : JSON.stringify(testCase.body),
      });
      expect(response.statusCode).toBe(400);
      const body = response.json();
      expect(body.code).toBe(testCase.code ?? 'VALIDATION_ERROR');
      expect(typeof body.error).toBe('string');
      if (testCase.field)
        expect(body.details.map((d: { field: string }) => d.field)).toContain(testCase.field);
      expect(await counts()).toEqual(before);
    });
  }

  it('malformed ids in paths', async () => {
    for (const url of [
      '/v1/agents/xyz',
      `/v1/agents/${agentId}/sub-agents/xyz`,
      '/v1/agents/1%27%20or%201=1',
    ]) {
      const response = await t.request({ method: 'GET', url, token: owner.accessToken });
      expect(response.statusCode, url).toBe(400);
      expect(['INVALID_AGENT_ID', 'VALIDATION_ERROR']).toContain(response.json().code);
    }
    const cursor = await t.request({
      method: 'GET',
      url: '/v1/agents?cursor=garbage',
      token: owner.accessToken,
    });
    expect(cursor.json().code).toBe('VALIDATION_ERROR');
    const limit = await t.request({ method: 'GET', url: '/v1/agents?limit=1000', token: owner.accessToken });
    expect(limit.json().code).toBe('VALIDATION_ERROR');
  });
});
