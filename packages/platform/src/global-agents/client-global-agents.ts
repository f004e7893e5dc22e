import { AppError, type CopyGlobalAgent, isUuid, type PageQuery } from '@renum/contracts';
import { globalAgents, withClient } from '@renum/db';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { createAgent } from '../agents/create-agent.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { createPromptTemplate } from '../prompt-templates/create-prompt-template.ts';
import { cursorId, toPage } from '../wire.ts';
import { globalAgentToWire } from './admin-global-agents.ts';

/**
 * The global agents offered to the caller's client, newest first. Read in the client's scope: the
 * table's row-level security shows `renum_app` only the agents not retired, and it can write none.
 */
export async function listGlobalAgents(
  deps: PlatformDeps,
  options: { principal: Principal; query: PageQuery },
) {
  const { clientId } = requireClient(options.principal);
  const conditions: SQL[] = [];
  const after = cursorId(options.query.cursor);
  if (after) conditions.push(lt(globalAgents.id, after));
  const rows = await withClient(deps.db, clientId, (tx) =>
    tx
      .select()
      .from(globalAgents)
      .where(and(...conditions))
      .orderBy(desc(globalAgents.id))
      .limit(options.query.limit + 1),
  );
  return toPage(rows, options.query.limit, globalAgentToWire);
}

/**
 * Copies a global agent into the caller's client: as a draft agent of its own (the usual create path:
 * roles, enabled models and audit included) or its prompt as a prompt template. The copy is the
 * client's to edit; the global agent never changes. Retired or unknown: `404 GLOBAL_AGENT_NOT_FOUND`.
 */
export async function copyGlobalAgent(
  deps: PlatformDeps,
  options: { principal: Principal; id: string; input: CopyGlobalAgent },
) {
  const { clientId } = requireClient(options.principal);
  const notFound = new AppError('GLOBAL_AGENT_NOT_FOUND', 'Global agent not found', {
    context: { id: options.id },
  });
  if (!isUuid(options.id)) throw notFound;
  const [global] = await withClient(deps.db, clientId, (tx) =>
    tx.select().from(globalAgents).where(eq(globalAgents.id, options.id)),
  );
  if (!global) throw notFound;
  const name = options.input.name ?? global.name;
  if (options.input.into === 'prompt_template') {
    const template = await createPromptTemplate(deps, {
      principal: options.principal,
      input: { name, description: global.description ?? undefined, body: global.system_prompt },
    });
    return { kind: 'prompt_template' as const, id: template.id };
  }
  const agent = await createAgent(deps, {
    principal: options.principal,
    input: {
      name,
      description: global.description,
      model: global.model,
      system_prompt: global.system_prompt,
      template_type: 'global',
      config: { global_agent_id: global.id },
      tools: global.tools as never,
    },
  });
  return { kind: 'agent' as const, id: agent.id };
}
