import type { RunEventDraft } from '@renum/contracts';
import { runNote } from '@renum/contracts';
import { type Database, withClient } from '@renum/db';
import type { ToolDefinition } from '@renum/runtime';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { NotificationSink } from '../notifications/notification-feed.ts';
import { type ApprovalValidator, ruleValidator, validateCall } from './approval-validators.ts';
import { findApprovalPolicy } from './find-approval-policy.ts';
import { requestApproval } from './request-approval.ts';

/** What the gate needs from the run it guards. */
export interface ToolGateOptions {
  db: Database;
  jobs: Pick<JobQueue, 'enqueue'>;
  clock: () => Date;
  newId: () => string;
  /** Where a request's notification is announced once committed. @defaultValue nowhere */
  notifications?: NotificationSink | undefined;
  run: { id: string; client_id: string; conversation_id: string };
  agent: { id: string; tools: ReadonlyArray<{ name: string; critical?: boolean | undefined }> };
  /** Puts the `approval_request` event into the run's stream. */
  emit: (draft: RunEventDraft) => void;
  /** Told of each request a call became: the run then ends `suspended` instead of `completed` (ADR 0039). */
  onRequested?: ((approvalId: string) => void) | undefined;
  /** @defaultValue [ruleValidator] */
  validators?: readonly ApprovalValidator[];
}

/**
 * Wraps every tool of a run so that a call the validators flag (a tool the agent marks critical, or one a
 * policy's rules match) does not run: it becomes a pending approval request (ADR 0024) and the model gets
 * a result saying so. The run then ends `suspended` (ADR 0039): nothing waits in this process; a worker
 * carries the decision out later and queues the run again. Calls not
 * flagged run as before, after one policy lookup.
 */
export function gateTools(tools: ToolDefinition[], options: ToolGateOptions): ToolDefinition[] {
  return tools.map((tool) => ({
    ...tool,
    execute: async (input: unknown, context: Parameters<ToolDefinition['execute']>[1]) => {
      const pending = await holdForApproval(tool.name, input, context.toolCallId, options);
      return pending ?? tool.execute(input, context);
    },
  }));
}

async function holdForApproval(tool: string, input: unknown, toolCallId: string, options: ToolGateOptions) {
  const args = (input !== null && typeof input === 'object' ? input : { value: input }) as Record<
    string,
    unknown
  >;
  const critical = options.agent.tools.find((entry) => entry.name === tool)?.critical === true;
  const clientId = options.run.client_id;
  const request = await withClient(options.db, clientId, async (tx) => {
    const policy = await findApprovalPolicy(tx, { agentId: options.agent.id, tool });
    const verdict = await validateCall(
      {
        tool,
        arguments: args,
        critical,
        policy: policy ? { always: policy.always, rules: policy.rules as never } : null,
      },
      options.validators ?? [ruleValidator],
    );
    if (!verdict.requires_human_approval) return null;
    return requestApproval(tx, {
      call: {
        id: options.newId(),
        clientId,
        agentId: options.agent.id,
        runId: options.run.id,
        conversationId: options.run.conversation_id,
        tool,
        toolCallId,
        arguments: args,
        warnings: verdict.warnings,
        policy,
      },
      jobs: options.jobs,
      now: options.clock(),
      newId: options.newId,
      notifications: options.notifications,
    });
  });
  if (!request) return null;
  options.onRequested?.(request.id);
  options.emit({
    type: 'approval_request',
    approval_id: request.id,
    tool,
    tool_call_id: toolCallId,
    params: request.masked_arguments,
    warnings: request.warnings,
    approver_roles: request.approver_roles,
    deadline_at: request.deadline_at.toISOString(),
    content: `${tool} waits for a person's approval`,
    ...runNote('tool.awaiting_approval', { tool }),
  });
  return {
    status: 'pending_approval',
    approval_id: request.id,
    message:
      'This action was NOT performed yet: it needs a person to approve it first. Do not call it again. Tell the user it is waiting for approval; you will be told the decision and can go on then.',
  };
}
