import { AppError } from '@renum/contracts';
import { agents, promptTemplates, promptTemplateVersions, withClient } from '@renum/db';
import { eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { loadPromptTemplate } from './prompt-template-id.ts';

/**
 * Deletes a template and its versions. Refused with `409 CONFLICT` (listing up to 20 `agent_ids`)
 * while an agent points at one of its versions: the foreign key would otherwise silently detach
 * those agents from their prompt.
 */
export async function deletePromptTemplate(
  deps: PlatformDeps,
  options: { principal: Principal; templateId: string },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  await withClient(deps.db, clientId, async (tx) => {
    const template = await loadPromptTemplate(tx, options.templateId, { lock: true });
    // Locking the versions waits for, then blocks, any agent being pointed at one of them (the
    // foreign key check takes a share lock on the version), so the check below cannot go stale.
    const versions = await tx
      .select({ id: promptTemplateVersions.id })
      .from(promptTemplateVersions)
      .where(eq(promptTemplateVersions.template_id, template.id))
      .for('update');
    const versionIds = versions.map((version) => version.id);
    const users =
      versionIds.length === 0
        ? []
        : await tx
            .select({ id: agents.id })
            .from(agents)
            .where(inArray(agents.prompt_template_version_id, versionIds))
            .orderBy(agents.id)
            .limit(20);
    if (users.length > 0) {
      throw new AppError('CONFLICT', 'This prompt template is used by agents; point them elsewhere first', {
        context: { prompt_template_id: template.id, agent_ids: users.map((agent) => agent.id) },
      });
    }
    await tx.delete(promptTemplates).where(eq(promptTemplates.id, template.id));
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'prompt_template.delete',
        targetType: 'prompt_template',
        targetId: template.id,
        clientId,
        data: { name: template.name, latest_version: template.latest_version },
      },
    });
  });
}
