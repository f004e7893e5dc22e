import { AppError, isUuid } from '@renum/contracts';
import { approvalRequests, type Transaction } from '@renum/db';
import { eq } from 'drizzle-orm';

/** A stored approval request. */
export type ApprovalRow = typeof approvalRequests.$inferSelect;

/** Not found, for a request that does not exist or belongs to another client (never 403). */
export function approvalNotFound(approvalId: string): AppError {
  return new AppError('APPROVAL_NOT_FOUND', 'Approval request not found', {
    context: { approval_id: approvalId },
  });
}

/** Loads a request visible in the transaction's client scope (locked with `lock`), or throws not found. */
export async function loadApproval(tx: Transaction, approvalId: string, options: { lock?: boolean } = {}) {
  if (!isUuid(approvalId)) {
    throw new AppError('VALIDATION_ERROR', 'Invalid approval id: it must be a UUID', {
      context: { field: 'id', approval_id: approvalId },
    });
  }
  const query = tx.select().from(approvalRequests).where(eq(approvalRequests.id, approvalId.toLowerCase()));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw approvalNotFound(approvalId);
  return row;
}
