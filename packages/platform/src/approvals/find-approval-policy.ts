import { approvalPolicies, type Transaction } from '@renum/db';
import { and, eq, isNull, or } from 'drizzle-orm';

/** A stored approval policy row. */
export type ApprovalPolicyRow = typeof approvalPolicies.$inferSelect;

/** The policy of an agent's tool: the agent's own, else the client-wide one; null when there is none. */
export async function findApprovalPolicy(
  tx: Transaction,
  options: { agentId: string; tool: string },
): Promise<ApprovalPolicyRow | null> {
  const rows = await tx
    .select()
    .from(approvalPolicies)
    .where(
      and(
        eq(approvalPolicies.tool, options.tool),
        or(eq(approvalPolicies.agent_id, options.agentId), isNull(approvalPolicies.agent_id)),
      ),
    );
  return rows.find((row) => row.agent_id !== null) ?? rows[0] ?? null;
}
