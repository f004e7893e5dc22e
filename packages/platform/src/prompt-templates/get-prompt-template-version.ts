import { promptTemplateVersions, withClient } from '@renum/db';
import { and, eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { toWire } from '../wire.ts';
import { loadPromptTemplate, promptTemplateNotFound } from './prompt-template-id.ts';

/** One version of a template of the caller's client, body included; not found for foreign ids or unknown versions. */
export async function getPromptTemplateVersion(
  deps: PlatformDeps,
  options: { principal: Principal; templateId: string; version: number },
) {
  const { clientId } = requireClient(options.principal);
  return withClient(deps.db, clientId, async (tx) => {
    const template = await loadPromptTemplate(tx, options.templateId);
    const [row] = await tx
      .select()
      .from(promptTemplateVersions)
      .where(
        and(
          eq(promptTemplateVersions.template_id, template.id),
          eq(promptTemplateVersions.version, options.version),
        ),
      );
    if (!row) throw promptTemplateNotFound(options.templateId, options.version);
    return toWire(row);
  });
}
