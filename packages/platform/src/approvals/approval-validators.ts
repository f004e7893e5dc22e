import type { ApprovalRule } from '@renum/contracts';
import { describeRule, ruleMatches } from './approval-rules.ts';

/** A tool call as the validators see it. */
export interface ValidatedCall {
  tool: string;
  arguments: Record<string, unknown>;
  /** The agent marks the tool critical: approval is required whatever the validators say. */
  critical: boolean;
  /** The policy's settings for this tool, if any. */
  policy: { always: boolean; rules: ApprovalRule[] } | null;
}

/**
 * What a validator says about a call (the seed's `SupervisorAgent.validate_action`): `approved` false with
 * `requires_human_approval` makes the call wait; `warnings` are shown to the approver.
 */
export interface ValidationResult {
  approved: boolean;
  requires_human_approval: boolean;
  warnings: string[];
  suggested_action?: string | undefined;
}

/** One pluggable validation step (rule-based built in; a model-based one may be added). */
export type ApprovalValidator = (call: ValidatedCall) => Promise<ValidationResult> | ValidationResult;

/** The built-in validator: the critical flag, the policy's `always`, and its rules on the arguments. */
export const ruleValidator: ApprovalValidator = (call) => {
  const matched = (call.policy?.rules ?? []).filter((rule) => ruleMatches(rule, call.arguments));
  const warnings = [
    ...(call.critical ? [`${call.tool} is marked critical`] : []),
    ...matched.map((rule) => `Policy rule matched: ${describeRule(rule)}`),
  ];
  const requires = call.critical || (call.policy?.always ?? false) || matched.length > 0;
  return {
    approved: !requires,
    requires_human_approval: requires,
    warnings:
      call.policy?.always && !call.critical
        ? [...warnings, `Every call of ${call.tool} needs approval`]
        : warnings,
    suggested_action: requires ? 'Ask an approver before running this call' : undefined,
  };
};

/** Runs every validator and merges what they say: any one requiring approval makes the call wait. */
export async function validateCall(
  call: ValidatedCall,
  validators: readonly ApprovalValidator[],
): Promise<ValidationResult> {
  const results = await Promise.all(validators.map((validator) => validator(call)));
  const requires = results.some((result) => result.requires_human_approval || !result.approved);
  return {
    approved: !requires,
    requires_human_approval: requires,
    warnings: results.flatMap((result) => result.warnings),
    suggested_action: results.find((result) => result.suggested_action)?.suggested_action,
  };
}
