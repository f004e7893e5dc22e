import { auditLog, type DatabaseHandle, withPlatform } from '@renum/db';
import { testDatabaseTargets } from '@renum/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformDeps } from '../src/platform-deps.ts';
import {
  createPromptTemplate,
  createPromptTemplateVersion,
  getPromptTemplate,
  getPromptTemplateVersion,
  listPromptTemplates,
  promptTemplateNotFoundCode,
  updatePromptTemplate,
} from '../src/prompt-templates/index.ts';
import { expectCode, newTestClient, testPlatformDeps } from './prompt-templates-fixtures.ts';

for (const target of testDatabaseTargets()) {
  // Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
  describe.skipIf(target.skipReason !== null)(`prompt templates (${target.name})`, () => {
    let handle: DatabaseHandle;
    let deps: PlatformDeps;

    beforeAll(async () => {
      handle = await target.open();
      deps = testPlatformDeps(handle.db);
    });
    afterAll(async () => handle?.close());

    it('creates a template with version 1, its variables listed, and audits it', async () => {
      const { owner } = await newTestClient(handle.db);
      const body = 'Você é {{ agent.name }} da {{client.name}}. Tom: {{config.tone}}. Oi {{contact.name}}!';
      const created = await createPromptTemplate(deps, {
        principal: owner,
        input: { name: 'Atendimento', description: 'base', body },
      });
      expect(created).toMatchObject({
        name: 'Atendimento',
        description: 'base',
        latest_version: 1,
        client_id: owner.clientId,
        latest: {
          version: 1,
          body,
          template_id: created.id,
          variables: ['agent.name', 'client.name', 'config.tone', 'contact.name'],
          created_by: owner.userId,
        },
      });
      expect(created.versions).toEqual([expect.objectContaining({ version: 1, id: created.latest.id })]);
      expect(created.versions[0]).not.toHaveProperty('body');
      expect(created.created_at).toMatch(/Z$/);
      const audits = await withPlatform(handle.db, (tx) =>
        tx
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.target_id, created.id), eq(auditLog.action, 'prompt_template.create'))),
      );
      expect(audits).toHaveLength(1);
      expect(await getPromptTemplate(deps, { principal: owner, templateId: created.id })).toEqual(created);
    });

    it('rejects unknown variables, naming them, and accepts any config key', async () => {
      const { member } = await newTestClient(handle.db);
      const error = await expectCode(
        createPromptTemplate(deps, { principal: member, input: { name: 'X', body: 'Oi {{contact.nome}}' } }),
        'VALIDATION_ERROR',
      );
      expect(error.message).toBe('Unknown prompt variable {{contact.nome}}');
      expect(error.context).toMatchObject({ field: 'body', variable: 'contact.nome' });
      await expectCode(
        createPromptTemplate(deps, { principal: member, input: { name: 'X', body: '{{__proto__}}' } }),
        'VALIDATION_ERROR',
      );
      const created = await createPromptTemplate(deps, {
        principal: member,
        input: { name: 'X', body: '{{config.qualquer_chave}} {{ current_date }}' },
      });
      await expectCode(
        createPromptTemplateVersion(deps, {
          principal: member,
          templateId: created.id,
          input: { body: '{{x}}' },
        }),
        'VALIDATION_ERROR',
      );
    });

    it('keeps names unique per client', async () => {
      const a = await newTestClient(handle.db);
      const b = await newTestClient(handle.db);
      const first = await createPromptTemplate(deps, {
        principal: a.owner,
        input: { name: 'Vendas', body: 'x' },
      });
      const second = await createPromptTemplate(deps, {
        principal: a.owner,
        input: { name: 'Suporte', body: 'y' },
      });
      const duplicate = await expectCode(
        createPromptTemplate(deps, { principal: a.owner, input: { name: 'Vendas', body: 'z' } }),
        'CONFLICT',
      );
      expect(duplicate.status).toBe(409);
      expect(duplicate.context).toMatchObject({ field: 'name' });
      await createPromptTemplate(deps, { principal: b.owner, input: { name: 'Vendas', body: 'x' } });
      await expectCode(
        updatePromptTemplate(deps, { principal: a.owner, templateId: second.id, input: { name: 'Vendas' } }),
        'CONFLICT',
      );
      const renamed = await updatePromptTemplate(deps, {
        principal: a.member,
        templateId: first.id,
        input: { name: 'Vendas Sul', description: null },
      });
      expect(renamed).toMatchObject({ name: 'Vendas Sul', description: null, latest_version: 1 });
    });

    it('adds immutable, increasing versions, concurrent ones included', async () => {
      const { owner, apiKey } = await newTestClient(handle.db);
      const template = await createPromptTemplate(deps, {
        principal: owner,
        input: { name: 'T', body: 'v1' },
      });
      const v2 = await createPromptTemplateVersion(deps, {
        principal: apiKey,
        templateId: template.id,
        input: { body: 'v2 {{channel}}' },
      });
      expect(v2).toMatchObject({
        version: 2,
        body: 'v2 {{channel}}',
        variables: ['channel'],
        created_by: null,
      });
      const concurrent = await Promise.all(
        [3, 4, 5, 6, 7].map((n) =>
          createPromptTemplateVersion(deps, {
            principal: owner,
            templateId: template.id,
            input: { body: `v${n}` },
          }),
        ),
      );
      expect(concurrent.map((version) => version.version).sort((x, y) => x - y)).toEqual([3, 4, 5, 6, 7]);
      await updatePromptTemplate(deps, { principal: owner, templateId: template.id, input: { name: 'T2' } });
      const detail = await getPromptTemplate(deps, { principal: owner, templateId: template.id });
      expect(detail.latest_version).toBe(7);
      expect(detail.latest.version).toBe(7);
      expect(detail.versions.map((version) => version.version)).toEqual([7, 6, 5, 4, 3, 2, 1]);
      const v1 = await getPromptTemplateVersion(deps, {
        principal: owner,
        templateId: template.id,
        version: 1,
      });
      expect(v1).toMatchObject({ version: 1, body: 'v1', id: template.latest.id });
      const missing = await expectCode(
        getPromptTemplateVersion(deps, { principal: owner, templateId: template.id, version: 8 }),
        promptTemplateNotFoundCode,
      );
      expect(missing.status).toBe(404);
    });

    it('lists newest first with a search and cursor pagination', async () => {
      const { owner } = await newTestClient(handle.db);
      for (let index = 0; index < 5; index++) {
        await createPromptTemplate(deps, { principal: owner, input: { name: `Modelo ${index}`, body: 'x' } });
      }
      await createPromptTemplate(deps, {
        principal: owner,
        input: { name: 'Cobrança 100%', description: 'boletos', body: 'x' },
      });
      const list = (query: { search?: string; cursor?: string; limit: number }) =>
        listPromptTemplates(deps, { principal: owner, query });
      expect((await list({ search: 'boleto', limit: 20 })).data.map((row) => row.name)).toEqual([
        'Cobrança 100%',
      ]);
      expect((await list({ search: '100%', limit: 20 })).data).toHaveLength(1);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof list>> = await list({
          limit: 4,
          ...(cursor ? { cursor } : {}),
        });
        seen.push(...page.data.map((row) => row.name));
        cursor = page.next_cursor;
      } while (cursor);
      expect(seen).toEqual(['Cobrança 100%', 'Modelo 4', 'Modelo 3', 'Modelo 2', 'Modelo 1', 'Modelo 0']);
      await expectCode(list({ cursor: 'garbage', limit: 4 }), 'VALIDATION_ERROR');
    });
  });
}
