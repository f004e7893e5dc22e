import { AppError, type ApprovalPolicy, type CreateApprovalPolicy, isUuid } from '@renum/contracts';
import { approvalPolicies, withClient } from '@renum/db';
import { compileClientPattern } from '@renum/tools';
import { and, asc, eq, isNull, or } from 'drizzle-orm';
import { loadAgent } from '../agents/agent-id.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient, requireRole } from '../principal.ts';
import { toWire } from '../wire.ts';
import type { ApprovalPolicyRow } from './find-approval-policy.ts';

function policyToWire(row: ApprovalPolicyRow): ApprovalPolicy {
  return toWire(row) as unknown as ApprovalPolicy;
}

/**
 * Sets the approval policy of a tool, for one agent of the client or (without `agent_id`) all of them,
 * replacing the one there was. Owners and admins only; a regular expression RE2 refuses, or another
 * client's agent, changes nothing (`400`, `404 AGENT_NOT_FOUND`).
 */
export async function setApprovalPolicy(
  deps: PlatformDeps,
  options: { principal: Principal; input: CreateApprovalPolicy },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  const { input } = options;
  for (const [index, rule] of (input.rules ?? []).entries()) {
    if (rule.op !== 'matches') continue;
    try {
      compileClientPattern(rule.value);
    } catch (error) {
      throw new AppError('VALIDATION_ERROR', `rules.${index}.value: ${(error as Error).message}`, {
        context: { field: `rules.${index}.value` },
        cause: error,
      });
    }
  }
  return withClient(deps.db, clientId, async (tx) => {
    const agentId = input.agent_id ? (await loadAgent(tx, input.agent_id)).id : null;
    const values = {
      always: input.always ?? false,
      rules: input.rules ?? [],
      approver_roles: input.approver_roles ?? ['owner', 'admin'],
      approver_user_ids: input.approver_user_ids ?? [],
      timeout_seconds: input.timeout_seconds ?? 86_400,
      default_outcome: input.default_outcome ?? 'reject',
      escalation_roles: input.escalation_roles ?? [],
    };
    const same = and(
      eq(approvalPolicies.tool, input.tool),
      agentId ? eq(approvalPolicies.agent_id, agentId) : isNull(approvalPolicies.agent_id),
    );
    const [existing] = await tx.select().from(approvalPolicies).where(same).for('update');
    const [row] = existing
      ? await tx.update(approvalPolicies).set(values).where(eq(approvalPolicies.id, existing.id)).returning()
      : await tx
          .insert(approvalPolicies)
          .values({ id: deps.newId(), client_id: clientId, agent_id: agentId, tool: input.tool, ...values })
          .returning();
    await recordAudit(tx, {
      actor: options.principal,
      id: deps.newId(),
      entry: {
        action: 'approval_policy.set',
        targetType: 'approval_policy',
        targetId: row!.id,
        clientId,
        data: { tool: input.tool, agent_id: agentId, ...values },
      },
    });
    return policyToWire(row!);
  });
}

/** The client's approval policies, client-wide ones with an agent's own (or all of them). */
export async function listApprovalPolicies(
  deps: PlatformDeps,
  options: { principal: Principal; agentId?: string | undefined },
) {
  const { clientId } = requireClient(options.principal);
  const rows = await withClient(deps.db, clientId, (tx) =>
    tx
      .select()
      .from(approvalPolicies)
      .where(
        options.agentId
          ? or(
              eq(approvalPolicies.agent_id, options.agentId.toLowerCase()),
              isNull(approvalPolicies.agent_id),
            )
          : undefined,
      )
      .orderBy(asc(approvalPolicies.tool), asc(approvalPolicies.id)),
  );
  return { data: rows.map(policyToWire) };
}

/** Deletes a policy; another client's is 404. Owners and admins only. */
export async function deleteApprovalPolicy(
  deps: PlatformDeps,
  options: { principal: Principal; policyId: string },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  if (!isUuid(options.policyId)) {
    throw new AppError('VALIDATION_ERROR', 'Invalid approval policy id: it must be a UUID', {
      context: { field: 'id' },
    });
  }
  await withClient(deps.db, clientId, async (tx) => {
    const [row] = await tx
      .delete(approvalPolicies)
      .where(eq(approvalPolicies.id, options.policyId.toLowerCase()))
      .returning();
    if (!row)
      throw new AppError('NOT_FOUND', 'Approval policy not found', {
        context: { policy_id: options.policyId },
      });
    await recordAudit(tx, {
      actor: options.principal,
      id: deps.newId(),
      entry: {
        action: 'approval_policy.deleted',
        targetType: 'approval_policy',
        targetId: row.id,
        clientId,
        data: { tool: row.tool },
      },
    });
  });
}
