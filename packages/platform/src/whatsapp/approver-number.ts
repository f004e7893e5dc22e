import { AppError, type ApproverWhatsApp } from '@renum/contracts';
import { memberships, withClient } from '@renum/db';
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';

function requirePerson(principal: Principal): string {
  if (principal.kind !== 'user' || !principal.userId) {
    throw new AppError('FORBIDDEN', 'Only a person registers an approver number, not an API key');
  }
  return principal.userId;
}

/** The caller's approver WhatsApp number in their client (null: none). */
export async function getApproverNumber(deps: PlatformDeps, options: { principal: Principal }) {
  const { clientId } = requireClient(options.principal);
  const userId = requirePerson(options.principal);
  const [row] = await withClient(deps.db, clientId, (tx) =>
    tx
      .select({ whatsapp_number: memberships.whatsapp_number })
      .from(memberships)
      .where(and(eq(memberships.client_id, clientId), eq(memberships.user_id, userId))),
  );
  return { whatsapp_number: row?.whatsapp_number ?? null };
}

/**
 * Registers (or with null removes) the caller's WhatsApp number for approval requests in their client:
 * requests they may decide are sent there, and replies from it decide as them. A number another member
 * of the client registered is `409 CONFLICT`. Audited.
 */
export async function setApproverNumber(
  deps: PlatformDeps,
  options: { principal: Principal; input: ApproverWhatsApp },
) {
  const { clientId } = requireClient(options.principal);
  const userId = requirePerson(options.principal);
  const number = options.input.whatsapp_number;
  await withClient(deps.db, clientId, async (tx) => {
    if (number) {
      const [taken] = await tx
        .select({ user_id: memberships.user_id })
        .from(memberships)
        .where(eq(memberships.whatsapp_number, number));
      if (taken && taken.user_id !== userId) {
        throw new AppError('CONFLICT', 'Another member registered this number', {
          context: { field: 'whatsapp_number' },
        });
      }
    }
    await tx
      .update(memberships)
      .set({ whatsapp_number: number })
      .where(and(eq(memberships.client_id, clientId), eq(memberships.user_id, userId)));
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'member.whatsapp_number',
        targetType: 'user',
        targetId: userId,
        clientId,
        data: { registered: number !== null },
      },
    });
  });
  return { whatsapp_number: number };
}
