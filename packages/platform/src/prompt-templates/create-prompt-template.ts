import type { CreatePromptTemplate } from '@renum/contracts';
import { promptTemplates, withClient } from '@renum/db';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { assertTemplateVariables } from '../prompts/assert-prompt-variables.ts';
import { insertTemplateVersion } from './insert-template-version.ts';
import { templateNameTaken } from './prompt-template-id.ts';
import { templateDetailToWire } from './prompt-template-wire.ts';

/**
 * Creates a template of the caller's client with version 1 holding `body`. The body may use the
 * built-in variables and any `config.<key>` (`400 VALIDATION_ERROR` naming the first other one);
 * names are unique per client (`409 CONFLICT`).
 */
export async function createPromptTemplate(
  deps: PlatformDeps,
  options: { principal: Principal; input: CreatePromptTemplate },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const { input } = options;
  assertTemplateVariables({ text: input.body, field: 'body' });
  return withClient(deps.db, clientId, async (tx) => {
    // The unique (client_id, name) index decides, so two concurrent creates cannot both win.
    const [template] = await tx
      .insert(promptTemplates)
      .values({
        id: deps.newId(),
        client_id: clientId,
        name: input.name,
        description: input.description ?? null,
        latest_version: 1,
      })
      .onConflictDoNothing({ target: [promptTemplates.client_id, promptTemplates.name] })
      .returning();
    if (!template) throw templateNameTaken(input.name);
    const version = await insertTemplateVersion(tx, {
      id: deps.newId(),
      clientId,
      templateId: template.id,
      version: 1,
      body: input.body,
      createdBy: options.principal.userId,
    });
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'prompt_template.create',
        targetType: 'prompt_template',
        targetId: template.id,
        clientId,
        data: { name: template.name, version: 1 },
      },
    });
    return templateDetailToWire(template, [version]);
  });
}
