import { agents, auditLog, type DatabaseHandle, withClient, withPlatform } from '@renum/db';
import { testDatabaseTargets } from '@renum/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformDeps } from '../src/platform-deps.ts';
import {
  createPromptTemplate,
  createPromptTemplateVersion,
  deletePromptTemplate,
  getPromptTemplate,
  getPromptTemplateVersion,
  listPromptTemplates,
  promptTemplateNotFoundCode,
  updatePromptTemplate,
} from '../src/prompt-templates/index.ts';
import { expectCode, newId, newTestClient, testPlatformDeps } from './prompt-templates-fixtures.ts';

for (const target of testDatabaseTargets()) {
  // Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
  describe.skipIf(target.skipReason !== null)(
    `prompt templates: isolation and deletion (${target.name})`,
    () => {
      let handle: DatabaseHandle;
      let deps: PlatformDeps;

      beforeAll(async () => {
        handle = await target.open();
        deps = testPlatformDeps(handle.db);
      });
      afterAll(async () => handle?.close());
      it("isolates clients: another client's template is not found", async () => {
        const a = await newTestClient(handle.db);
        const b = await newTestClient(handle.db);
        const template = await createPromptTemplate(deps, {
          principal: a.owner,
          input: { name: 'A', body: 'a' },
        });
        const templateId = template.id;
        const attempts: Array<() => Promise<unknown>> = [
          () => getPromptTemplate(deps, { principal: b.owner, templateId }),
          () => getPromptTemplateVersion(deps, { principal: b.owner, templateId, version: 1 }),
          () => updatePromptTemplate(deps, { principal: b.owner, templateId, input: { name: 'mine' } }),
          () =>
            createPromptTemplateVersion(deps, { principal: b.owner, templateId, input: { body: 'mine' } }),
          () => deletePromptTemplate(deps, { principal: b.owner, templateId }),
        ];
        for (const attempt of attempts) {
          const error = await expectCode(attempt(), promptTemplateNotFoundCode);
          expect(error.status).toBe(404);
        }
        const listed = await listPromptTemplates(deps, { principal: b.owner, query: { limit: 100 } });
        expect(listed.data.map((row) => row.id)).not.toContain(templateId);
        const intact = await getPromptTemplate(deps, { principal: a.owner, templateId });
        expect(intact).toMatchObject({ name: 'A', latest_version: 1 });
        await expectCode(
          getPromptTemplate(deps, { principal: a.owner, templateId: 'nope' }),
          'VALIDATION_ERROR',
        );
      });

      it('refuses to delete a template an agent points at, and lets only owners and admins delete', async () => {
        const { owner, member, apiKey } = await newTestClient(handle.db);
        const template = await createPromptTemplate(deps, {
          principal: member,
          input: { name: 'Usado', body: 'x' },
        });
        await createPromptTemplateVersion(deps, {
          principal: member,
          templateId: template.id,
          input: { body: 'y' },
        });
        const agentId = newId();
        await withClient(handle.db, owner.clientId!, (tx) =>
          tx.insert(agents).values({
            id: agentId,
            client_id: owner.clientId!,
            name: 'Agente',
            slug: `agente-${agentId}`,
            model: 'offline/renum',
            system_prompt: 'p',
            prompt_template_version_id: template.latest.id,
          }),
        );
        await expectCode(
          deletePromptTemplate(deps, { principal: member, templateId: template.id }),
          'FORBIDDEN',
        );
        const refused = await expectCode(
          deletePromptTemplate(deps, { principal: owner, templateId: template.id }),
          'CONFLICT',
        );
        expect(refused.context).toMatchObject({ prompt_template_id: template.id, agent_ids: [agentId] });
        expect(
          (await getPromptTemplate(deps, { principal: owner, templateId: template.id })).latest_version,
        ).toBe(2);

        await withClient(handle.db, owner.clientId!, (tx) =>
          tx.update(agents).set({ prompt_template_version_id: null }).where(eq(agents.id, agentId)),
        );
        await deletePromptTemplate(deps, { principal: apiKey, templateId: template.id });
        await expectCode(
          getPromptTemplate(deps, { principal: owner, templateId: template.id }),
          promptTemplateNotFoundCode,
        );
        await expectCode(
          getPromptTemplateVersion(deps, { principal: owner, templateId: template.id, version: 1 }),
          promptTemplateNotFoundCode,
        );
        const audits = await withPlatform(handle.db, (tx) =>
          tx.select().from(auditLog).where(eq(auditLog.target_id, template.id)),
        );
        expect(audits.map((row) => row.action).sort()).toEqual([
          'prompt_template.create',
          'prompt_template.delete',
          'prompt_template.version.create',
        ]);
      });
    },
  );
}
