/** What an inbound WhatsApp message says about an approval request, if anything. */
export interface ApprovalIntent {
  decision: 'approve' | 'reject';
  /** Named by a button id or by the message it replies to; null: the sender's single pending request. */
  approvalId: string | null;
  /** A button press or a reply to a request message (not a bare word a customer might type). */
  explicit: boolean;
}

const buttonId = /^approval:([0-9a-f-]{36}):(approve|reject)$/i;
const yes = new Set(['SIM', 'S', 'YES', 'Y', 'APROVAR', 'APROVO', 'APPROVE']);
const no = new Set(['NÃO', 'NAO', 'N', 'NO', 'REJEITAR', 'REJEITO', 'REJECT']);

/** Button id of a request's Approve or Reject button. */
export const approvalButtonId = (approvalId: string, decision: 'approve' | 'reject') =>
  `approval:${approvalId}:${decision}`;

/**
 * Reads an approval decision from a stored inbound message: a button reply carrying the request's id, or
 * `SIM`/`NÃO`/`YES`/`NO` (case and punctuation ignored), whose request comes from the message it replies
 * to (`repliedApprovalId`) or, failing that, is the approver's only pending one.
 */
export function readApprovalIntent(
  row: { kind: string; text: string },
  repliedApprovalId: string | null,
): ApprovalIntent | null {
  if (row.kind === 'button') {
    const match = buttonId.exec(row.text.split('\n')[0]?.trim() ?? '');
    if (match) {
      return {
        decision: match[2]!.toLowerCase() as 'approve' | 'reject',
        approvalId: match[1]!.toLowerCase(),
        explicit: true,
      };
    }
  }
  const word = (row.kind === 'button' ? (row.text.split('\n')[1] ?? '') : row.text)
    .trim()
    .toUpperCase()
    .replace(/[.!?,;:✅❌\s]+$/u, '')
    .replace(/^[✅❌\s]+/u, '');
  const decision = yes.has(word) ? 'approve' : no.has(word) ? 'reject' : null;
  if (!decision) return null;
  return {
    decision,
    approvalId: repliedApprovalId,
    explicit: repliedApprovalId !== null || row.kind === 'button',
  };
}
