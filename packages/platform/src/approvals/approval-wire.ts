import type { ApprovalRequest } from '@renum/contracts';
import { toWire } from '../wire.ts';
import type { ApprovalRow } from './approval-id.ts';
import { maskArguments } from './mask-arguments.ts';

/** A request as the inbox shows it: masked arguments, no internals. */
export function approvalToWire(row: ApprovalRow): ApprovalRequest {
  const {
    arguments: _arguments,
    masked_arguments,
    escalation_roles: _escalation,
    timeout_seconds: _timeout,
    updated_at: _updated,
    edited_arguments,
    ...rest
  } = toWire(row);
  return {
    ...rest,
    arguments: masked_arguments,
    edited_arguments: edited_arguments ? (maskArguments(edited_arguments) as Record<string, unknown>) : null,
    approver_roles: rest.approver_roles as ApprovalRequest['approver_roles'],
    result: rest.result ?? null,
  };
}
