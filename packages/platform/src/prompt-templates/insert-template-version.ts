import { promptTemplateVersions, type Transaction } from '@renum/db';
import type { Principal } from '../principal.ts';
import { listVariables } from '../prompts/prompt-variables.ts';

/** Stores version `version` of a template: `body`, the variables it uses, and who wrote it. */
export async function insertTemplateVersion(
  tx: Transaction,
  options: {
    id: string;
    clientId: string;
    templateId: string;
    version: number;
    body: string;
    createdBy: Principal['userId'];
  },
) {
  const [row] = await tx
    .insert(promptTemplateVersions)
    .values({
      id: options.id,
      client_id: options.clientId,
      template_id: options.templateId,
      version: options.version,
      body: options.body,
      variables: listVariables(options.body),
      created_by: options.createdBy,
    })
    .returning();
  return row!;
}
