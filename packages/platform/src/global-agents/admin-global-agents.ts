import {
  AppError,
  type CreateGlobalAgent,
  type GlobalAgent,
  isUuid,
  type PageQuery,
  type UpdateGlobalAgent,
} from '@renum/contracts';
import { globalAgents, type Transaction, withPlatform } from '@renum/db';
import { and, desc, eq, isNull, lt, type SQL } from 'drizzle-orm';
import { resolveAgentTools } from '../agents/agent-tools.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { assertPromptVariables } from '../prompts/assert-prompt-variables.ts';
import { cursorId, toPage, toWire } from '../wire.ts';

/** A global agent's row on the wire. */
export function globalAgentToWire(row: typeof globalAgents.$inferSelect): GlobalAgent {
  const wire = toWire(row);
  return {
    id: wire.id,
    name: wire.name,
    description: wire.description,
    category: wire.category,
    model: wire.model,
    system_prompt: wire.system_prompt,
    tools: wire.tools as GlobalAgent['tools'],
    retired_at: wire.retired_at,
    created_at: wire.created_at,
    updated_at: wire.updated_at,
  };
}

async function audit(
  tx: Transaction,
  deps: PlatformDeps,
  principal: Principal,
  action: string,
  data: object,
) {
  await recordAudit(tx, {
    id: deps.newId(),
    actor: principal,
    entry: {
      action: `admin.global_agents.${action}`,
      targetType: 'global_agent',
      clientId: null,
      data: { ...data },
    },
  });
}

/** Every global agent, newest first, retired ones on request (platform admins; audited). */
export async function listGlobalAgentsForAdmin(
  deps: PlatformDeps,
  options: { principal: Principal; query: PageQuery & { include_retired: boolean } },
) {
  requirePlatformAdmin(options.principal);
  const conditions: SQL[] = [];
  const after = cursorId(options.query.cursor);
  if (after) conditions.push(lt(globalAgents.id, after));
  if (!options.query.include_retired) conditions.push(isNull(globalAgents.retired_at));
  return withPlatform(deps.db, async (tx) => {
    const rows = await tx
      .select()
      .from(globalAgents)
      .where(and(...conditions))
      .orderBy(desc(globalAgents.id))
      .limit(options.query.limit + 1);
    await audit(tx, deps, options.principal, 'list', {});
    return toPage(rows, options.query.limit, globalAgentToWire);
  });
}

/** Offers a new agent to every client (platform admins; audited `admin.global_agents.create`). */
export async function createGlobalAgent(
  deps: PlatformDeps,
  options: { principal: Principal; input: CreateGlobalAgent },
): Promise<GlobalAgent> {
  requirePlatformAdmin(options.principal);
  const { input } = options;
  assertPromptVariables({ text: input.system_prompt, agentConfig: undefined, field: 'system_prompt' });
  const tools = resolveAgentTools(input.tools ?? []);
  return withPlatform(deps.db, async (tx) => {
    const [row] = await tx
      .insert(globalAgents)
      .values({
        id: deps.newId(),
        name: input.name,
        description: input.description ?? null,
        category: input.category ?? null,
        model: input.model,
        system_prompt: input.system_prompt,
        tools,
        created_by: options.principal.userId,
      })
      .returning();
    await audit(tx, deps, options.principal, 'create', { id: row!.id, name: row!.name });
    return globalAgentToWire(row!);
  });
}

/**
 * Edits a global agent, or retires it (`retired: true`: no longer offered; copies already made are the
 * clients' own and stay) or offers it again. Audited `admin.global_agents.update` with the fields changed.
 */
export async function updateGlobalAgent(
  deps: PlatformDeps,
  options: { principal: Principal; id: string; input: UpdateGlobalAgent },
): Promise<GlobalAgent> {
  requirePlatformAdmin(options.principal);
  const notFound = new AppError('GLOBAL_AGENT_NOT_FOUND', 'Global agent not found', {
    context: { id: options.id },
  });
  if (!isUuid(options.id)) throw notFound;
  const { retired, tools, ...fields } = options.input;
  if (fields.system_prompt !== undefined) {
    assertPromptVariables({ text: fields.system_prompt, agentConfig: undefined, field: 'system_prompt' });
  }
  const set: Partial<typeof globalAgents.$inferInsert> = { ...fields, updated_at: deps.clock() };
  if (tools !== undefined) set.tools = resolveAgentTools(tools);
  if (retired !== undefined) set.retired_at = retired ? deps.clock() : null;
  return withPlatform(deps.db, async (tx) => {
    const [row] = await tx.update(globalAgents).set(set).where(eq(globalAgents.id, options.id)).returning();
    if (!row) throw notFound;
    await audit(tx, deps, options.principal, 'update', {
      id: row.id,
      changed: Object.keys(options.input).sort(),
    });
    return globalAgentToWire(row);
  });
}
