import { AppError, type ApprovalDecision } from '@renum/contracts';
import { agents, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import type { RunDeps } from '../runs/run-deps.ts';
import { type ApprovalRow, loadApproval } from './approval-id.ts';
import { approvalTool, assertToolArguments } from './approval-tool.ts';
import { approvalToWire } from './approval-wire.ts';
import { recordDecision } from './record-decision.ts';

/**
 * Approves or rejects a pending request: by a person whose role is among the request's approvers (or who
 * is named in it), else `403 FORBIDDEN`. Edited arguments are checked against the tool's schema
 * (`400 VALIDATION_ERROR`). Concurrent decisions queue on the row's lock: the first wins, the others get
 * `409 APPROVAL_ALREADY_DECIDED`. Another client's request is 404. Bad input changes nothing.
 */
export async function decideApproval(
  deps: PlatformDeps,
  options: {
    principal: Principal;
    run: Pick<RunDeps, 'tools' | 'jobs'>;
    approvalId: string;
    input: ApprovalDecision;
    via?: 'web' | 'api' | 'whatsapp';
  },
) {
  const { clientId } = requireClient(options.principal);
  const { input, principal } = options;
  const row = await withClient(deps.db, clientId, async (tx) => {
    const pending = await loadApproval(tx, options.approvalId, { lock: true });
    if (pending.status === 'pending') assertMayDecide(pending, principal);
    const edited = input.arguments ? await checkedArguments(tx, options.run, pending, input.arguments) : null;
    return recordDecision(tx, {
      row: pending,
      decision: {
        outcome: input.decision,
        via: options.via ?? (principal.kind === 'api_key' ? 'api' : 'web'),
        actor: principal,
        reason: input.reason ?? null,
        editedArguments: edited,
      },
      jobs: options.run.jobs,
      notifications: deps,
      now: deps.clock(),
      newId: deps.newId,
    });
  });
  return approvalToWire(row);
}

/** Throws `403 FORBIDDEN` unless the principal's role or user is among the request's approvers. */
export function assertMayDecide(row: ApprovalRow, principal: Principal): void {
  const byRole = principal.role !== null && row.approver_roles.includes(principal.role);
  const byName = principal.userId !== null && row.approver_user_ids.includes(principal.userId);
  if (!byRole && !byName) {
    throw new AppError(
      'FORBIDDEN',
      `Only ${row.approver_roles.join(' or ')} (or the named approvers) may decide this request`,
      {
        context: { approval_id: row.id, approver_roles: row.approver_roles },
      },
    );
  }
}

async function checkedArguments(
  tx: Parameters<typeof loadApproval>[0],
  run: Pick<RunDeps, 'tools'>,
  row: ApprovalRow,
  args: Record<string, unknown>,
) {
  const [agent] = await tx.select().from(agents).where(eq(agents.id, row.agent_id));
  const definition = agent
    ? approvalTool(run, { tool: row.tool, agent, clientId: row.client_id, runId: row.run_id })
    : null;
  if (!definition) {
    throw new AppError(
      'VALIDATION_ERROR',
      `The agent no longer has the tool ${row.tool}: its arguments cannot be edited`,
      {
        context: { field: 'arguments' },
      },
    );
  }
  return assertToolArguments(definition, args);
}
