import { randomBytes } from 'node:crypto';
import { AppError, type CreateAgent, defaultAgentToolNames } from '@renum/contracts';
import { agents, type Transaction, withClient } from '@renum/db';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { assertPromptVariables } from '../prompts/assert-prompt-variables.ts';
import { assertAgentModelsEnabled, readSettings } from '../settings/read-settings.ts';
import { agentToWire, assertTemplateVersion, resolveAgentTools } from './agent-tools.ts';
import { assertExecutorAvailable } from './assert-executor-available.ts';
import { slugify } from './slugify.ts';

/** Public page of an agent, set while it is public. */
export function publicUrlFor(deps: PlatformDeps, slug: string, isPublic: boolean): string | null {
  return isPublic ? `${deps.publicUrl}/a/${slug}` : null;
}

/**
 * Inserts `values` with a globally unique slug: the requested one (`409 SLUG_TAKEN` when taken)
 * or one derived from the name, suffixed until free. Slugs are unique across clients, so the
 * check is the unique index (ON CONFLICT), which sees rows that RLS hides.
 */
export async function insertWithUniqueSlug(
  tx: Transaction,
  options: {
    values: typeof agents.$inferInsert;
    requestedSlug?: string | undefined;
    publicUrlOf: (slug: string) => string | null;
  },
) {
  const base = options.requestedSlug ?? (slugify(options.values.name) || 'agent');
  for (let attempt = 0; attempt < 6; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${randomBytes(3).toString('hex')}`;
    const [row] = await tx
      .insert(agents)
      .values({ ...options.values, slug, public_url: options.publicUrlOf(slug) })
      .onConflictDoNothing({ target: agents.slug })
      .returning();
    if (row) return row;
    if (options.requestedSlug) {
      throw new AppError('SLUG_TAKEN', 'This slug is already taken', { context: { field: 'slug' } });
    }
  }
  throw new AppError('CONFLICT', 'Could not find a free slug; choose one');
}

/** Creates an agent for the caller's client; only `name` and `system_prompt` are required. */
export async function createAgent(deps: PlatformDeps, options: { principal: Principal; input: CreateAgent }) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const { input } = options;
  assertPromptVariables({ text: input.system_prompt, agentConfig: input.config, field: 'system_prompt' });
  await assertExecutorAvailable(deps, input.executor);
  return withClient(deps.db, clientId, async (tx) => {
    await assertTemplateVersion(tx, input.prompt_template_version_id);
    assertAgentModelsEnabled(await readSettings(tx), input);
    const isPublic = input.is_public ?? false;
    const row = await insertWithUniqueSlug(tx, {
      requestedSlug: input.slug,
      publicUrlOf: (slug) => publicUrlFor(deps, slug, isPublic),
      values: {
        id: deps.newId(),
        client_id: clientId,
        name: input.name,
        description: input.description ?? null,
        slug: '',
        model: input.model ?? deps.defaultModel,
        system_prompt: input.system_prompt,
        channel: input.channel ?? 'whatsapp',
        template_type: input.template_type ?? null,
        status: input.status ?? 'draft',
        is_public: isPublic,
        config: input.config ?? {},
        tools: resolveAgentTools(input.tools ?? defaultAgentToolNames.map((name) => ({ name }))),
        fallback_models: input.fallback_models ?? [],
        max_steps: input.max_steps ?? 8,
        executor: input.executor ?? 'builtin',
        prompt_template_version_id: input.prompt_template_version_id ?? null,
      },
    });
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'agent.create',
        targetType: 'agent',
        targetId: row.id,
        clientId,
        data: { name: row.name },
      },
    });
    return agentToWire(row);
  });
}
