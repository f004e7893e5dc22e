import type { CreatePromptTemplateVersion } from '@renum/contracts';
import { promptTemplates, withClient } from '@renum/db';
import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { assertTemplateVariables } from '../prompts/assert-prompt-variables.ts';
import { toWire } from '../wire.ts';
import { insertTemplateVersion } from './insert-template-version.ts';
import { parsePromptTemplateId, promptTemplateNotFound } from './prompt-template-id.ts';

/**
 * Adds the next immutable version of a template: its number is `latest_version + 1`, taken under the
 * template's row lock, so concurrent saves get distinct, increasing numbers. Earlier versions (and
 * the agents pointing at them) are untouched.
 */
export async function createPromptTemplateVersion(
  deps: PlatformDeps,
  options: { principal: Principal; templateId: string; input: CreatePromptTemplateVersion },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const id = parsePromptTemplateId(options.templateId);
  const { body } = options.input;
  assertTemplateVariables({ text: body, field: 'body' });
  return withClient(deps.db, clientId, async (tx) => {
    const [template] = await tx
      .update(promptTemplates)
      .set({ latest_version: sql`${promptTemplates.latest_version} + 1` })
      .where(eq(promptTemplates.id, id))
      .returning();
    if (!template) throw promptTemplateNotFound(options.templateId);
    const version = await insertTemplateVersion(tx, {
      id: deps.newId(),
      clientId,
      templateId: template.id,
      version: template.latest_version,
      body,
      createdBy: options.principal.userId,
    });
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'prompt_template.version.create',
        targetType: 'prompt_template',
        targetId: template.id,
        clientId,
        data: { name: template.name, version: template.latest_version },
      },
    });
    return toWire(version);
  });
}
