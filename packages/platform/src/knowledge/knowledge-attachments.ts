import { AppError, isUuid, type SetKnowledgeAttachments } from '@renum/contracts';
import {
  agentKnowledgeBases,
  agents,
  knowledgeBases,
  subAgents,
  type Transaction,
  withClient,
} from '@renum/db';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient, requireRole } from '../principal.ts';
import { knowledgeBaseNotFound } from './knowledge-ids.ts';

interface AttachmentTarget {
  principal: Principal;
  agentId: string;
  /** A sub-agent of the agent: its own list; absent: the agent's. */
  subAgentId?: string | undefined;
}

/** The knowledge bases attached to an agent (or one of its sub-agents), with their settings. */
export async function listKnowledgeAttachments(deps: PlatformDeps, options: AttachmentTarget) {
  const { clientId } = requireClient(options.principal);
  return withClient(deps.db, clientId, async (tx) => {
    await assertTarget(tx, options);
    return { knowledge_bases: await readAttachments(tx, options) };
  });
}

/** Replaces the knowledge bases attached to an agent or sub-agent; each must be the client's. */
export async function setKnowledgeAttachments(
  deps: PlatformDeps,
  options: AttachmentTarget & { input: SetKnowledgeAttachments },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const wanted = options.input.knowledge_bases;
  const ids = [...new Set(wanted.map((entry) => entry.knowledge_base_id.toLowerCase()))];
  if (ids.length !== wanted.length) {
    throw new AppError('VALIDATION_ERROR', 'A knowledge base is listed twice', {
      context: { field: 'knowledge_bases' },
    });
  }
  return withClient(deps.db, clientId, async (tx) => {
    await assertTarget(tx, options);
    const found = ids.length
      ? await tx.select({ id: knowledgeBases.id }).from(knowledgeBases).where(inArray(knowledgeBases.id, ids))
      : [];
    const missing = ids.find((id) => !found.some((row) => row.id === id));
    if (missing) throw knowledgeBaseNotFound(missing);
    await tx.delete(agentKnowledgeBases).where(targetCondition(options));
    if (wanted.length > 0) {
      await tx.insert(agentKnowledgeBases).values(
        wanted.map((entry) => ({
          id: deps.newId(),
          client_id: clientId,
          agent_id: options.agentId,
          sub_agent_id: options.subAgentId ?? null,
          knowledge_base_id: entry.knowledge_base_id.toLowerCase(),
          top_k: entry.top_k,
          min_score: entry.min_score,
        })),
      );
    }
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'agent.knowledge_bases',
        targetType: options.subAgentId ? 'sub_agent' : 'agent',
        targetId: options.subAgentId ?? options.agentId,
        clientId,
        data: { knowledge_base_ids: ids },
      },
    });
    return { knowledge_bases: await readAttachments(tx, options) };
  });
}

function targetCondition(options: AttachmentTarget) {
  return and(
    eq(agentKnowledgeBases.agent_id, options.agentId),
    options.subAgentId
      ? eq(agentKnowledgeBases.sub_agent_id, options.subAgentId)
      : isNull(agentKnowledgeBases.sub_agent_id),
  );
}

async function readAttachments(tx: Transaction, options: AttachmentTarget) {
  return tx
    .select({
      knowledge_base_id: agentKnowledgeBases.knowledge_base_id,
      top_k: agentKnowledgeBases.top_k,
      min_score: agentKnowledgeBases.min_score,
      name: knowledgeBases.name,
    })
    .from(agentKnowledgeBases)
    .innerJoin(knowledgeBases, eq(knowledgeBases.id, agentKnowledgeBases.knowledge_base_id))
    .where(targetCondition(options))
    .orderBy(asc(knowledgeBases.name));
}

/** The agent (and sub-agent) must be the client's: `404 AGENT_NOT_FOUND` / `SUB_AGENT_NOT_FOUND` otherwise. */
async function assertTarget(tx: Transaction, options: AttachmentTarget) {
  const agentFound =
    isUuid(options.agentId) &&
    (await tx.select({ id: agents.id }).from(agents).where(eq(agents.id, options.agentId))).length > 0;
  if (!agentFound)
    throw new AppError('AGENT_NOT_FOUND', 'Agent not found', { context: { agent_id: options.agentId } });
  if (options.subAgentId === undefined) return;
  const subFound =
    isUuid(options.subAgentId) &&
    (
      await tx
        .select({ id: subAgents.id })
        .from(subAgents)
        .where(and(eq(subAgents.id, options.subAgentId), eq(subAgents.agent_id, options.agentId)))
    ).length > 0;
  if (!subFound) {
    throw new AppError('SUB_AGENT_NOT_FOUND', 'Sub-agent not found', {
      context: { sub_agent_id: options.subAgentId },
    });
  }
}
