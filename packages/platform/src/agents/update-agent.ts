import type { UpdateAgent } from '@renum/contracts';
import { withClient } from '@renum/db';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { assertPromptVariables } from '../prompts/assert-prompt-variables.ts';
import { assertAgentModelsEnabled, readSettings } from '../settings/read-settings.ts';
import { loadAgent } from './agent-id.ts';
import { agentToWire, assertTemplateVersion, resolveAgentTools } from './agent-tools.ts';
import { assertExecutorAvailable } from './assert-executor-available.ts';
import { publicUrlFor } from './create-agent.ts';
import { slugify } from './slugify.ts';
import { updateWithUniqueSlug } from './update-with-unique-slug.ts';

/**
 * The wizard's step 4 keeps the origins it last saved: changed here (the publish screen's editor), the
 * wizard shows the new list, and saving step 4 again does not bring back the old one. Null: unchanged.
 */
function withWizardOrigins(
  config: Record<string, unknown>,
  origins: string[] | undefined,
): Record<string, unknown> | null {
  const step4 = config.step_4_data;
  if (!origins || !step4 || typeof step4 !== 'object') return null;
  return { ...config, step_4_data: { ...step4, allowed_origins: origins } };
}

/** Changes an agent. The slug stays stable on rename unless `slug` or `regenerate_slug` asks otherwise. */
export async function updateAgent(
  deps: PlatformDeps,
  options: { principal: Principal; agentId: string; input: UpdateAgent },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const { regenerate_slug: regenerate, tools, ...rest } = options.input;
  const fields = { ...rest, ...(tools === undefined ? {} : { tools: resolveAgentTools(tools) }) };
  await assertExecutorAvailable(deps, fields.executor);
  return withClient(deps.db, clientId, async (tx) => {
    const current = await loadAgent(tx, options.agentId);
    await assertTemplateVersion(tx, fields.prompt_template_version_id);
    assertAgentModelsEnabled(await readSettings(tx), fields);
    // Checked against the new config too: removing a config key can orphan a saved {{config.key}}.
    assertPromptVariables({
      text: fields.system_prompt ?? current.system_prompt,
      agentConfig: fields.config ?? current.config,
      field: 'system_prompt',
    });
    const base = fields.slug ?? (regenerate ? slugify(fields.name ?? current.name) || 'agent' : current.slug);
    const isPublic = fields.is_public ?? current.is_public;
    const config = withWizardOrigins(fields.config ?? current.config, fields.allowed_origins);
    const row = await updateWithUniqueSlug(tx, {
      agentId: current.id,
      base,
      suffixOnConflict: !fields.slug && Boolean(regenerate),
      set: (slug) => ({
        ...fields,
        ...(config ? { config } : {}),
        public_url: publicUrlFor(deps, slug, isPublic),
      }),
    });
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'agent.update',
        targetType: 'agent',
        targetId: current.id,
        clientId,
        data: { fields: Object.keys(options.input) },
      },
    });
    return agentToWire(row);
  });
}
