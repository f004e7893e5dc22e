import { globalAgents, withClient } from '@renum/db';
import { createGlobalAgent, updateGlobalAgent } from '@renum/platform';
import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

describe('global agents (ADR 0040)', () => {
  let t: TestApp;
  let admin: TestSession;
  let a: TestSession;
  let b: TestSession;
  const body = {
    name: 'Sales assistant',
    model: 'offline/renum',
    system_prompt: 'Sell kindly.',
    category: 'sales',
  };
  beforeAll(async () => {
    t = await createTestApp(pglite);
    admin = await t.platformAdmin();
    a = await t.signup();
    b = await t.signup();
  });
  afterAll(async () => t?.close());

  it('lets only platform admins create, edit and retire them (403 for an owner, nothing written)', async () => {
    const count = async () =>
      (await t.handle.query<{ n: number }>('select count(*)::int as n from global_agents'))[0]!.n;
    const asOwner = await t.request({
      method: 'POST',
      url: '/v1/admin/global-agents',
      token: a.accessToken,
      body,
    });
    expect([asOwner.statusCode, asOwner.json().code]).toEqual([403, 'FORBIDDEN']);
    expect(await count()).toBe(0);
    const created = await t.request({
      method: 'POST',
      url: '/v1/admin/global-agents',
      token: admin.accessToken,
      body,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const edit = await t.request({
      method: 'PATCH',
      url: `/v1/admin/global-agents/${id}`,
      token: a.accessToken,
      body: { name: 'Hijacked' },
    });
    expect([edit.statusCode, edit.json().code]).toEqual([403, 'FORBIDDEN']);
    const [row] = await t.handle.query<{ name: string }>('select name from global_agents where id = $1', [
      id,
    ]);
    expect(row!.name).toBe('Sales assistant');
    const renamed = await t.request({
      method: 'PATCH',
      url: `/v1/admin/global-agents/${id}`,
      token: admin.accessToken,
      body: { name: 'Sales helper' },
    });
    expect(renamed.json().name).toBe('Sales helper');
  });

  it("refuses an owner in the use-cases themselves too, not only at the admin routes' edge", async () => {
    const principal = {
      kind: 'user' as const,
      userId: a.userId,
      apiKeyId: null,
      clientId: a.clientId,
      role: 'owner' as const,
      platformRole: 'none' as const,
    };
    await expect(createGlobalAgent(t.deps, { principal, input: body })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const [row] = await t.handle.query<{ id: string }>('select id from global_agents limit 1');
    const id = row!.id;
    await expect(
      updateGlobalAgent(t.deps, { principal, id, input: { retired: true } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it("shows clients the offered ones under RLS, never another client's agents, and copies one into their own", async () => {
    await t.createAgent(a.accessToken, { name: 'Private of A', system_prompt: 'Secret.' });
    const listed = await t.request({ method: 'GET', url: '/v1/global-agents', token: b.accessToken });
    expect(listed.statusCode).toBe(200);
    const names = listed.json().data.map((agent: { name: string }) => agent.name);
    expect(names).toEqual(['Sales helper']);
    const id = listed.json().data[0].id;
    const copied = await t.request({
      method: 'POST',
      url: `/v1/global-agents/${id}/copy`,
      token: b.accessToken,
      body: {},
    });
    expect(copied.statusCode).toBe(201);
    expect(copied.json().kind).toBe('agent');
    const agents = (await t.request({ method: 'GET', url: '/v1/agents', token: b.accessToken })).json().data;
    expect(agents).toEqual([
      expect.objectContaining({
        id: copied.json().id,
        name: 'Sales helper',
        system_prompt: 'Sell kindly.',
        status: 'draft',
      }),
    ]);
    const template = await t.request({
      method: 'POST',
      url: `/v1/global-agents/${id}/copy`,
      token: b.accessToken,
      body: { into: 'prompt_template', name: 'Sales prompt' },
    });
    expect(template.json().kind).toBe('prompt_template');
    const detail = await t.request({
      method: 'GET',
      url: `/v1/prompt-templates/${template.json().id}`,
      token: b.accessToken,
    });
    expect(detail.json().latest.body).toBe('Sell kindly.');
    // The client's own role cannot write the table, even bypassing the API.
    await expect(
      withClient(t.handle.db, b.clientId, (tx) => tx.update(globalAgents).set({ name: 'x' })),
    ).rejects.toThrow();
    const [row] = await t.handle.query<{ name: string }>('select name from global_agents where id = $1', [
      id,
    ]);
    expect(row!.name).toBe('Sales helper');
  });

  it('stops offering a retired one: gone from the list, copy 404, admin list on request', async () => {
    const [{ id }] = (
      await t.request({ method: 'GET', url: '/v1/global-agents', token: a.accessToken })
    ).json().data;
    const retired = await t.request({
      method: 'PATCH',
      url: `/v1/admin/global-agents/${id}`,
      token: admin.accessToken,
      body: { retired: true },
    });
    expect(retired.json().retired_at).not.toBeNull();
    expect(
      (await t.request({ method: 'GET', url: '/v1/global-agents', token: a.accessToken })).json().data,
    ).toEqual([]);
    const copy = await t.request({
      method: 'POST',
      url: `/v1/global-agents/${id}/copy`,
      token: a.accessToken,
      body: {},
    });
    expect([copy.statusCode, copy.json().code]).toEqual([404, 'GLOBAL_AGENT_NOT_FOUND']);
    const adminList = async (query: string) =>
      (
        await t.request({ method: 'GET', url: `/v1/admin/global-agents${query}`, token: admin.accessToken })
      ).json().data;
    expect(await adminList('')).toEqual([]);
    expect((await adminList('?include_retired=true')).map((agent: { id: string }) => agent.id)).toEqual([id]);
  });
});
