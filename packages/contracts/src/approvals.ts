import { z } from 'zod';
import { timestampSchema, uuidSchema } from './common.ts';

/**
 * Human approval of critical actions (issue 15, seed 004 #2): a call of a critical tool, or one a policy
 * flags, waits for a person's decision; the decision is carried out by a worker, once.
 */

/** A rule on one argument of a tool call: the call needs approval when the rule matches. */
export const approvalRuleSchema = z.discriminatedUnion('op', [
  z
    .object({ field: z.string().min(1).max(200), op: z.enum(['gt', 'gte', 'lt', 'lte']), value: z.number() })
    .strict(),
  z
    .object({
      field: z.string().min(1).max(200),
      op: z.enum(['eq', 'neq']),
      value: z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]),
    })
    .strict(),
  z
    .object({
      field: z.string().min(1).max(200),
      op: z.literal('in'),
      value: z.array(z.union([z.string().max(1000), z.number()])).max(200),
    })
    .strict(),
  /** An RE2 regular expression (linear time), not anchored, tested on the field's text. */
  z
    .object({
      field: z.string().min(1).max(200),
      op: z.literal('matches'),
      value: z.string().min(1).max(512),
    })
    .strict(),
]);
export type ApprovalRule = z.infer<typeof approvalRuleSchema>;

/** Client roles that may decide. */
export const approverRoleSchema = z.enum(['owner', 'admin', 'member']);

/**
 * A policy on one tool, for one agent or (without `agent_id`) all the client's agents. `always`: every
 * call needs approval; otherwise the calls a rule matches. A tool marked `critical` on the agent always
 * needs approval, with or without a policy; a policy there still chooses approvers and the deadline.
 */
export const approvalPolicySchema = z
  .object({
    id: uuidSchema,
    client_id: uuidSchema,
    agent_id: uuidSchema.nullable(),
    tool: z.string(),
    always: z.boolean(),
    rules: z.array(approvalRuleSchema),
    approver_roles: z.array(approverRoleSchema),
    approver_user_ids: z.array(uuidSchema),
    timeout_seconds: z.number().int(),
    default_outcome: z.enum(['approve', 'reject']),
    escalation_roles: z.array(approverRoleSchema),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'ApprovalPolicy' });
export type ApprovalPolicy = z.infer<typeof approvalPolicySchema>;

/** Body of `POST /v1/approval-policies` (a policy for the same agent and tool is replaced). */
export const createApprovalPolicySchema = z
  .object({
    agent_id: uuidSchema.nullable().optional(),
    tool: z.string().trim().min(1).max(100),
    /** @defaultValue false */
    always: z.boolean().optional(),
    /** @defaultValue [] */
    rules: z.array(approvalRuleSchema).max(50).optional(),
    /** @defaultValue ['owner', 'admin'] */
    approver_roles: z.array(approverRoleSchema).max(3).optional(),
    /** Members who may decide whatever their role. @defaultValue [] */
    approver_user_ids: z.array(uuidSchema).max(50).optional(),
    /** From the request to its deadline: a minute to 30 days. @defaultValue 86400 */
    timeout_seconds: z.number().int().min(60).max(2_592_000).optional(),
    /** What happens at the deadline when nobody decided (after any escalation). @defaultValue 'reject' */
    default_outcome: z.enum(['approve', 'reject']).optional(),
    /** At the first deadline the request moves to these roles, with a new deadline, instead of ending. @defaultValue [] */
    escalation_roles: z.array(approverRoleSchema).max(3).optional(),
  })
  .strict();
export type CreateApprovalPolicy = z.infer<typeof createApprovalPolicySchema>;

/** Query of `GET /v1/approval-policies`. */
export const listApprovalPoliciesQuerySchema = z.object({ agent_id: uuidSchema.optional() });

/** `pending` until someone (or the deadline) decides; then `approved` or `rejected`. */
export const approvalStatusSchema = z.enum(['pending', 'approved', 'rejected']);
/** What became of an approved call: `executing`, then `executed` or `failed`. */
export const approvalExecutionStatusSchema = z.enum(['executing', 'executed', 'failed']);

/** A request for approval as the inbox shows it. Secrets in the arguments are masked. */
export const approvalRequestSchema = z
  .object({
    id: uuidSchema,
    client_id: uuidSchema,
    agent_id: uuidSchema,
    run_id: uuidSchema,
    conversation_id: uuidSchema,
    tool: z.string(),
    tool_call_id: z.string(),
    arguments: z.record(z.string(), z.unknown()),
    warnings: z.array(z.string()),
    status: approvalStatusSchema,
    approver_roles: z.array(approverRoleSchema),
    approver_user_ids: z.array(uuidSchema),
    deadline_at: timestampSchema,
    default_outcome: z.enum(['approve', 'reject']),
    escalated_at: timestampSchema.nullable(),
    decided_by: uuidSchema.nullable(),
    decided_via: z.enum(['web', 'api', 'whatsapp', 'deadline']).nullable(),
    decided_at: timestampSchema.nullable(),
    decision_reason: z.string().nullable(),
    edited_arguments: z.record(z.string(), z.unknown()).nullable(),
    execution_status: approvalExecutionStatusSchema.nullable(),
    result: z.unknown(),
    created_at: timestampSchema,
  })
  .meta({ id: 'ApprovalRequest' });
export type ApprovalRequest = z.infer<typeof approvalRequestSchema>;

/** Query of `GET /v1/approvals`: `decided` is approved or rejected. */
export const listApprovalsQuerySchema = z.object({
  status: z.enum(['pending', 'decided', 'approved', 'rejected']).optional(),
  agent_id: uuidSchema.optional(),
  conversation_id: uuidSchema.optional(),
  tool: z.string().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListApprovalsQuery = z.infer<typeof listApprovalsQuerySchema>;

/**
 * Body of `POST /v1/approvals/{id}/decision`. `reason` is told to the model on a rejection. `arguments`
 * (approve only) replace the call's, validated against the tool's schema.
 */
export const approvalDecisionSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    reason: z.string().trim().min(1).max(2000).optional(),
    arguments: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .refine((value) => value.decision === 'approve' || value.arguments === undefined, {
    message: 'arguments can only be edited when approving',
    path: ['arguments'],
  });
export type ApprovalDecision = z.infer<typeof approvalDecisionSchema>;

/** Payload of the `approval.resume` job: carry out a decided request and tell the model. */
export const approvalResumeJobPayloadSchema = z.object({ approval_id: uuidSchema, client_id: uuidSchema });
export type ApprovalResumeJobPayload = z.infer<typeof approvalResumeJobPayloadSchema>;

/** Payload of the `approval.deadline` job: the deadline of a request came (escalate or decide by default). */
export const approvalDeadlineJobPayloadSchema = z.object({
  approval_id: uuidSchema,
  client_id: uuidSchema,
  deadline_at: timestampSchema,
});
export type ApprovalDeadlineJobPayload = z.infer<typeof approvalDeadlineJobPayloadSchema>;
