import { promptTemplateVersions, withClient } from '@renum/db';
import { desc, eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { loadPromptTemplate } from './prompt-template-id.ts';
import { templateDetailToWire } from './prompt-template-wire.ts';

/** One template of the caller's client with its latest version and history; not found for foreign ids. */
export async function getPromptTemplate(
  deps: PlatformDeps,
  options: { principal: Principal; templateId: string },
) {
  const { clientId } = requireClient(options.principal);
  return withClient(deps.db, clientId, async (tx) => {
    const template = await loadPromptTemplate(tx, options.templateId);
    const versions = await tx
      .select()
      .from(promptTemplateVersions)
      .where(eq(promptTemplateVersions.template_id, template.id))
      .orderBy(desc(promptTemplateVersions.version));
    return templateDetailToWire(template, versions);
  });
}
