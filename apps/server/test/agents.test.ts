import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

describe('agents and sub-agents API', () => {
  let t: TestApp;
  let owner: TestSession;
  beforeAll(async () => {
    t = await createTestApp(pglite);
    owner = await t.signup();
  });
  afterAll(async () => t?.close());

  const create = (body: object, token = owner.accessToken) =>
    t.request({ method: 'POST', url: '/v1/agents', token, body });

  it('creates an agent from name and system_prompt with the seed defaults', async () => {
    const response = await create({ name: 'Atendimento São Paulo', system_prompt: 'Você ajuda.' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      name: 'Atendimento São Paulo',
      slug: 'atendimento-sao-paulo',
      model: 'offline/renum',
      channel: 'whatsapp',
      status: 'draft',
      is_public: false,
      public_url: null,
      config: {},
      access_count: 0,
      client_id: owner.clientId,
    });
    expect(response.json().created_at).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
  });

  it('keeps slugs unique across clients and stable on rename unless asked', async () => {
    const other = await t.signup();
    const first = await create({ name: 'Vendas', system_prompt: 'x' });
    const second = await create({ name: 'Vendas', system_prompt: 'x' }, other.accessToken);
    expect(first.json().slug).toBe('vendas');
    expect(second.json().slug).toMatch(/^vendas-[0-9a-f]{6}$/);
    const renamed = await t.request({
      method: 'PATCH',
      url: `/v1/agents/${first.json().id}`,
      token: owner.accessToken,
      body: { name: 'Vendas Sul' },
    });
    expect(renamed.json()).toMatchObject({ name: 'Vendas Sul', slug: 'vendas' });
    const regenerated = await t.request({
      method: 'PATCH',
      url: `/v1/agents/${first.json().id}`,
      token: owner.accessToken,
      body: { regenerate_slug: true },
    });
    expect(regenerated.json().slug).toBe('vendas-sul');
    const taken = await t.request({
      method: 'PATCH',
      url: `/v1/agents/${first.json().id}`,
      token: owner.accessToken,
      body: { slug: second.json().slug },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('SLUG_TAKEN');
  });

  it('publishes a public URL while the agent is public', async () => {
    const agent = (
      await create({ name: 'Publico', system_prompt: 'x', is_public: true, status: 'active' })
    ).json();
    expect(agent.public_url).toBe(`http://localhost:3000/a/${agent.slug}`);
    const hidden = await t.request({
      method: 'PATCH',
      url: `/v1/agents/${agent.id}`,
      token: owner.accessToken,
      body: { is_public: false },
    });
    expect(hidden.json().public_url).toBeNull();
  });

  it('lists with status and search filters and cursor pagination', async () => {
    const session = await t.signup();
    for (let i = 0; i < 5; i++)
      await create(
        { name: `Bot ${i}`, system_prompt: 'x', status: i % 2 ? 'active' : 'draft' },
        session.accessToken,
      );
    await create({ name: 'Cobrança 100%', system_prompt: 'x', description: 'boletos' }, session.accessToken);
    const list = (query: string) =>
      t.request({ method: 'GET', url: `/v1/agents${query}`, token: session.accessToken });
    const active = await list('?status=active');
    expect(
      active
        .json()
        .data.map((a: { name: string }) => a.name)
        .sort(),
    ).toEqual(['Bot 1', 'Bot 3']);
    expect((await list('?search=boleto')).json().data).toHaveLength(1);
    expect((await list('?search=100%25')).json().data.map((a: { name: string }) => a.name)).toEqual([
      'Cobrança 100%',
    ]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: Array<{ name: string }>; next_cursor: string | null } = (
        await list(`?limit=4${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.data.map((a: { name: string }) => a.name));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(['Cobrança 100%', 'Bot 4', 'Bot 3', 'Bot 2', 'Bot 1', 'Bot 0']);
  });

  it('manages sub-agents with normalised topics', async () => {
    const agent = (
      await create({ name: 'Central', system_prompt: 'x', model: 'openai/gpt-4o', channel: 'web' })
    ).json();
    const base = `/v1/agents/${agent.id}/sub-agents`;
    const created = await t.request({
      method: 'POST',
      url: base,
      token: owner.accessToken,
      body: {
        name: 'Cobrança',
        system_prompt: 'Cobra.',
        topics: [' Pagamento', 'COBRANÇA', 'pagamento ', 'fatura'],
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      agent_id: agent.id,
      client_id: owner.clientId,
      topics: ['pagamento', 'cobrança', 'fatura'],
      model: 'openai/gpt-4o',
      channel: 'web',
      is_active: true,
    });
    const id = created.json().id;
    const emptyTopics = await t.request({
      method: 'PATCH',
      url: `${base}/${id}`,
      token: owner.accessToken,
      body: { topics: ['  ', ''] },
    });
    expect(emptyTopics.statusCode).toBe(400);
    expect(emptyTopics.json().code).toBe('VALIDATION_ERROR');
    const updated = await t.request({
      method: 'PATCH',
      url: `${base}/${id}`,
      token: owner.accessToken,
      body: { is_active: false, topics: ['Boleto'] },
    });
    expect(updated.json()).toMatchObject({ is_active: false, topics: ['boleto'] });
    expect(
      (await t.request({ method: 'GET', url: `${base}/${id}`, token: owner.accessToken })).json().name,
    ).toBe('Cobrança');
    expect(
      (await t.request({ method: 'DELETE', url: `${base}/${id}`, token: owner.accessToken })).statusCode,
    ).toBe(204);
    const gone = await t.request({ method: 'GET', url: `${base}/${id}`, token: owner.accessToken });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().code).toBe('SUB_AGENT_NOT_FOUND');
  });

  it('answers INVALID_AGENT_ID for a malformed id and AGENT_NOT_FOUND for an unknown one', async () => {
    const malformed = await t.request({
      method: 'POST',
      url: '/v1/agents/not-a-uuid/sub-agents',
      token: owner.accessToken,
      body: { name: 'x', system_prompt: 'x', topics: ['x'] },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'INVALID_AGENT_ID', agent_id: 'not-a-uuid' });
    const unknown = '01900000-0000-7000-8000-000000000000';
    const missing = await t.request({
      method: 'GET',
      url: `/v1/agents/${unknown}`,
      token: owner.accessToken,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'Agent not found', agent_id: unknown, code: 'AGENT_NOT_FOUND' });
  });

  it('deletes an agent with its sub-agents and audits it', async () => {
    const agent = (await create({ name: 'Temp', system_prompt: 'x' })).json();
    await t.request({
      method: 'POST',
      url: `/v1/agents/${agent.id}/sub-agents`,
      token: owner.accessToken,
      body: { name: 's', system_prompt: 'x', topics: ['a'] },
    });
    expect(
      (await t.request({ method: 'DELETE', url: `/v1/agents/${agent.id}`, token: owner.accessToken }))
        .statusCode,
    ).toBe(204);
    const rows = await t.handle.query<{ count: number }>(
      'select count(*)::int as count from sub_agents where agent_id = $1',
      [agent.id],
    );
    expect(rows[0]?.count).toBe(0);
    const audit = await t.handle.query<{ action: string; actor_id: string }>(
      'select action, actor_id from audit_log where target_id = $1 order by created_at',
      [agent.id],
    );
    expect(audit.map((row) => row.action)).toEqual(['agent.create', 'agent.delete']);
    expect(audit[0]?.actor_id).toBe(owner.userId);
  });

  it('lets members create but not delete agents', async () => {
    const token = (await t.joinAs(owner.accessToken, 'member')).accessToken;
    const agent = await create({ name: 'By member', system_prompt: 'x' }, token);
    expect(agent.statusCode).toBe(201);
    const denied = await t.request({ method: 'DELETE', url: `/v1/agents/${agent.json().id}`, token });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('FORBIDDEN');
  });
});
