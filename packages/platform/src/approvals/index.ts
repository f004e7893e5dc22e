export { approvalDeadlineJob, approvalResumeJob } from './approval-jobs.ts';
export { deleteApprovalPolicy, listApprovalPolicies, setApprovalPolicy } from './approval-policies.ts';
export { describeRule, readArgument, ruleMatches } from './approval-rules.ts';
export {
  type ApprovalValidator,
  ruleValidator,
  type ValidatedCall,
  type ValidationResult,
  validateCall,
} from './approval-validators.ts';
export { decideApproval } from './decide-approval.ts';
export { approvalDeadlineHandler, expireApproval } from './expire-approval.ts';
export { gateTools, type ToolGateOptions } from './gate-tools.ts';
export { getApproval } from './get-approval.ts';
export { listApprovals } from './list-approvals.ts';
export { maskArguments } from './mask-arguments.ts';
export {
  type ApprovalResumeDeps,
  approvalResumeHandler,
  outcomeMessage,
  resumeApproval,
} from './resume-approval.ts';
