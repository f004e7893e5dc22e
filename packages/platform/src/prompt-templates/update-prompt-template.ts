import type { UpdatePromptTemplate } from '@renum/contracts';
import { promptTemplates, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { toWire } from '../wire.ts';
import { isTemplateNameConflict, loadPromptTemplate, templateNameTaken } from './prompt-template-id.ts';

/** Renames a template or changes its description; its text changes only through new versions. */
export async function updatePromptTemplate(
  deps: PlatformDeps,
  options: { principal: Principal; templateId: string; input: UpdatePromptTemplate },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const { input } = options;
  return withClient(deps.db, clientId, async (tx) => {
    const current = await loadPromptTemplate(tx, options.templateId);
    let row: typeof promptTemplates.$inferSelect | undefined;
    try {
      [row] = await tx
        .update(promptTemplates)
        .set(input)
        .where(eq(promptTemplates.id, current.id))
        .returning();
    } catch (error) {
      if (input.name !== undefined && isTemplateNameConflict(error)) throw templateNameTaken(input.name);
      throw error;
    }
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'prompt_template.update',
        targetType: 'prompt_template',
        targetId: current.id,
        clientId,
        data: { fields: Object.keys(input) },
      },
    });
    return toWire(row!);
  });
}
