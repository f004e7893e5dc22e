import { knowledgeBases, listMigrations, withClient } from '@renum/db';
import { testDatabaseTargets } from '@renum/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledDocument } from './knowledge-test-kit.ts';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

/** The part of migration 0049 that finds the bases indexed before stemming and enqueues their re-index. */
function migration0049DataPart(): string {
  const migration = listMigrations().find((row) => row.name.startsWith('0049_'));
  if (!migration) throw new Error('migration 0049 is missing');
  return migration.sql.slice(migration.sql.indexOf('SET LOCAL ROLE'));
}

describe('stemmed lexical terms (ADR 0072)', () => {
  let t: TestApp;
  let owner: TestSession;
  beforeAll(async () => {
    t = await createTestApp(pglite);
    owner = await t.signup();
  });
  afterAll(async () => t?.close());

  const createBase = async (language: string, name = `Stems ${language}`) => {
    const response = await t.request({
      method: 'POST',
      url: '/v1/knowledge-bases',
      token: owner.accessToken,
      body: { name, language },
    });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; lexical_analyzer: string };
  };
  const addText = async (baseId: string, text: string) => {
    const added = await t.request({
      method: 'POST',
      url: `/v1/knowledge-bases/${baseId}/documents`,
      token: owner.accessToken,
      body: { kind: 'text', title: 'Catalogue', text },
    });
    expect(added.statusCode).toBe(201);
    const documentId = added.json().document.id;
    expect(await settledDocument(t, { token: owner.accessToken, baseId, documentId })).toMatchObject({
      status: 'ready',
    });
  };
  const hits = async (baseId: string, query: string) => {
    const found = await t.request({
      method: 'POST',
      url: `/v1/knowledge-bases/${baseId}/search`,
      token: owner.accessToken,
      body: { query, mode: 'lexical' },
    });
    expect(found.statusCode).toBe(200);
    return found.json().results.length as number;
  };
  const analyzerOf = async (baseId: string) =>
    (
      await t.request({ method: 'GET', url: `/v1/knowledge-bases/${baseId}`, token: owner.accessToken })
    ).json().lexical_analyzer;

  it('finds a word by another form of it in the base language: plural, verb and accents', async () => {
    const english = await createBase('english');
    expect(english.lexical_analyzer).toBe('stems');
    await addText(english.id, 'Every blender model carries a warranty against motor failure.');
    expect(await hits(english.id, 'Which models are covered?')).toBe(1);
    const portuguese = await createBase('portuguese');
    await addText(portuguese.id, 'As bacias sedimentares guardam petróleo.');
    expect(await hits(portuguese.id, 'Qual bacia sedimentar?')).toBe(1);
    expect(await hits(portuguese.id, 'petroleo')).toBe(1);
  });

  it('searches a base indexed before stemming with its own words, until its re-index job stems it', async () => {
    const base = await createBase('english', 'Indexed before stemming');
    // A base as migration 0049 finds it: indexed whole words, before stemming existed.
    await withClient(t.deps.db, owner.clientId, (tx) =>
      tx.update(knowledgeBases).set({ lexical_analyzer: 'words' }).where(eq(knowledgeBases.id, base.id)),
    );
    await addText(base.id, 'Our blender models carry a warranty.');
    expect(await analyzerOf(base.id)).toBe('words');
    // Its index holds `models`: the question's words must be cut the same way to meet it.
    expect(await hits(base.id, 'models')).toBe(1);
    expect(await hits(base.id, 'model')).toBe(0);
    await t.handle.rawTransaction((tx) => tx.exec(migration0049DataPart()));
    const deadline = Date.now() + 15_000;
    while ((await analyzerOf(base.id)) !== 'stems') {
      if (Date.now() > deadline) throw new Error('the re-index job did not run');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(await hits(base.id, 'model')).toBe(1);
    expect(await hits(base.id, 'models')).toBe(1);
  });
});
