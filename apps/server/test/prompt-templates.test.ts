import { randomUUID } from 'node:crypto';
import { agents, withClient } from '@renum/db';
import { promptTemplateNotFoundCode } from '@renum/platform';
import { testDatabaseTargets } from '@renum/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

describe('prompt templates API', () => {
  let t: TestApp;
  let owner: TestSession;
  beforeAll(async () => {
    t = await createTestApp(pglite);
    owner = await t.signup();
  });
  afterAll(async () => t?.close());

  const create = (body: object, token = owner.accessToken) =>
    t.request({ method: 'POST', url: '/v1/prompt-templates', token, body });

  it('creates a template with version 1 and returns it with its history', async () => {
    const body = 'Você é {{ agent.name }}, da {{client.name}}. Tom: {{config.tone}}.';
    const response = await create({ name: 'Atendimento', description: 'base', body });
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created).toMatchObject({
      name: 'Atendimento',
      description: 'base',
      latest_version: 1,
      client_id: owner.clientId,
      latest: {
        version: 1,
        body,
        variables: ['agent.name', 'client.name', 'config.tone'],
        created_by: owner.userId,
      },
      versions: [{ version: 1 }],
    });
    expect(created.versions[0].body).toBeUndefined();
    expect(created.created_at).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    const fetched = await t.request({
      method: 'GET',
      url: `/v1/prompt-templates/${created.id}`,
      token: owner.accessToken,
    });
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json()).toEqual(created);
  });

  it('documents every route in OpenAPI', async () => {
    const spec = (await t.request({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/v1/prompt-templates',
        '/v1/prompt-templates/{id}',
        '/v1/prompt-templates/{id}/versions',
        '/v1/prompt-templates/{id}/versions/{version}',
      ]),
    );
  });

  it('answers 400 naming an unknown variable, and validates bodies', async () => {
    const unknown = await create({ name: 'Bad', body: 'Oi {{contato.nome}} {{x}}' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({
      code: 'VALIDATION_ERROR',
      error: 'Unknown prompt variable {{contato.nome}}',
      field: 'body',
      variable: 'contato.nome',
    });
    expect(unknown.json().known).toContain('contact.name');
    expect((await create({ name: 'No body' })).statusCode).toBe(400);
    expect((await create({ name: 'Extra', body: 'x', latest_version: 9 })).statusCode).toBe(400);
    const patch = await t.request({
      method: 'PATCH',
      url: `/v1/prompt-templates/${randomUUID()}`,
      token: owner.accessToken,
      body: {},
    });
    expect(patch.statusCode).toBe(400);
  });

  it('answers 409 on a duplicate name within a client only', async () => {
    const other = await t.signup();
    expect((await create({ name: 'Único', body: 'x' })).statusCode).toBe(201);
    const duplicate = await create({ name: 'Único', body: 'y' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'CONFLICT', field: 'name' });
    expect((await create({ name: 'Único', body: 'x' }, other.accessToken)).statusCode).toBe(201);
  });

  it('adds versions, serves each one, and renames without touching them', async () => {
    const template = (await create({ name: 'Versionado', body: 'v1' })).json();
    const base = `/v1/prompt-templates/${template.id}`;
    const v2 = await t.request({
      method: 'POST',
      url: `${base}/versions`,
      token: owner.accessToken,
      body: { body: 'v2 {{ channel }}' },
    });
    expect(v2.statusCode).toBe(201);
    expect(v2.json()).toMatchObject({ version: 2, body: 'v2 {{ channel }}', variables: ['channel'] });
    const renamed = await t.request({
      method: 'PATCH',
      url: base,
      token: owner.accessToken,
      body: { name: 'Versionado 2', description: null },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Versionado 2', description: null, latest_version: 2 });
    const v1 = await t.request({ method: 'GET', url: `${base}/versions/1`, token: owner.accessToken });
    expect(v1.json()).toMatchObject({ version: 1, body: 'v1', template_id: template.id });
    const detail = (await t.request({ method: 'GET', url: base, token: owner.accessToken })).json();
    expect(detail.versions.map((version: { version: number }) => version.version)).toEqual([2, 1]);
    expect(detail.latest.body).toBe('v2 {{ channel }}');
    const missing = await t.request({ method: 'GET', url: `${base}/versions/3`, token: owner.accessToken });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe(promptTemplateNotFoundCode);
    const malformed = await t.request({
      method: 'GET',
      url: `${base}/versions/abc`,
      token: owner.accessToken,
    });
    expect(malformed.statusCode).toBe(400);
  });

  it('lists with a search and cursor pagination', async () => {
    const session = await t.signup();
    for (let index = 0; index < 3; index++)
      await create({ name: `Modelo ${index}`, body: 'x' }, session.accessToken);
    await create({ name: 'Cobrança', description: 'boletos', body: 'x' }, session.accessToken);
    const list = (query: string) =>
      t.request({ method: 'GET', url: `/v1/prompt-templates${query}`, token: session.accessToken });
    expect((await list('?search=boleto')).json().data.map((row: { name: string }) => row.name)).toEqual([
      'Cobrança',
    ]);
    const first = (await list('?limit=3')).json();
    expect(first.data).toHaveLength(3);
    const second = (await list(`?limit=3&cursor=${first.next_cursor}`)).json();
    expect(second).toEqual({ data: [expect.objectContaining({ name: 'Modelo 0' })], next_cursor: null });
  });

  it("hides another client's templates behind 404", async () => {
    const template = (await create({ name: 'Privado', body: 'x' })).json();
    const intruder = await t.signup();
    const base = `/v1/prompt-templates/${template.id}`;
    const attempts = [
      { method: 'GET', url: base },
      { method: 'GET', url: `${base}/versions/1` },
      { method: 'PATCH', url: base, body: { name: 'Meu' } },
      { method: 'POST', url: `${base}/versions`, body: { body: 'meu' } },
      { method: 'DELETE', url: base },
    ] as const;
    for (const attempt of attempts) {
      const response = await t.request({ ...attempt, token: intruder.accessToken });
      expect(response.statusCode, `${attempt.method} ${attempt.url}`).toBe(404);
      expect(response.json().code).toBe(promptTemplateNotFoundCode);
    }
    const listed = await t.request({
      method: 'GET',
      url: '/v1/prompt-templates',
      token: intruder.accessToken,
    });
    expect(listed.json().data).toEqual([]);
    const mine = await t.request({ method: 'GET', url: base, token: owner.accessToken });
    expect(mine.json()).toMatchObject({ name: 'Privado', latest_version: 1 });
  });

  it('refuses to delete a template in use, lets members create but not delete, and audits', async () => {
    const memberToken = (await t.joinAs(owner.accessToken, 'member')).accessToken;
    const created = await create({ name: 'Em uso', body: 'x' }, memberToken);
    expect(created.statusCode).toBe(201);
    const template = created.json();
    const url = `/v1/prompt-templates/${template.id}`;
    expect((await t.request({ method: 'DELETE', url, token: memberToken })).statusCode).toBe(403);

    const agentId = randomUUID();
    await withClient(t.handle.db, owner.clientId, (tx) =>
      tx.insert(agents).values({
        id: agentId,
        client_id: owner.clientId,
        name: 'Agente',
        slug: `agente-${agentId}`,
        model: 'offline/renum',
        system_prompt: 'p',
        prompt_template_version_id: template.latest.id,
      }),
    );
    const refused = await t.request({ method: 'DELETE', url, token: owner.accessToken });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'CONFLICT', agent_ids: [agentId] });

    await withClient(t.handle.db, owner.clientId, (tx) =>
      tx.update(agents).set({ prompt_template_version_id: null }).where(eq(agents.id, agentId)),
    );
    const deleted = await t.request({ method: 'DELETE', url, token: owner.accessToken });
    expect(deleted.statusCode).toBe(204);
    expect((await t.request({ method: 'GET', url, token: owner.accessToken })).statusCode).toBe(404);
  });
});
