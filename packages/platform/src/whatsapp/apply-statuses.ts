import { type Transaction, type WhatsAppMessageStatus, whatsappMessages } from '@renum/db';
import { and, eq } from 'drizzle-orm';
import type { WhatsAppConnectionRow } from './connection-wire.ts';

const rank: Record<string, number> = { sent: 1, delivered: 2, read: 3, failed: 4 };

/**
 * Status callbacks (`statuses[]`) move the connection's outbound messages forward: sent → delivered →
 * read, or failed with Meta's errors. A late or repeated callback never moves one back. Answers how many
 * messages changed.
 */
export async function applyStatuses(
  tx: Transaction,
  options: {
    connection: WhatsAppConnectionRow;
    statuses: ReadonlyArray<{
      id: string;
      status: string;
      errors?: Array<Record<string, unknown>> | undefined;
    }>;
  },
): Promise<number> {
  let changed = 0;
  for (const status of options.statuses) {
    const next = rank[status.status];
    if (next === undefined) continue;
    const [row] = await tx
      .select({ id: whatsappMessages.id, status: whatsappMessages.status })
      .from(whatsappMessages)
      .where(
        and(
          eq(whatsappMessages.wamid, status.id),
          eq(whatsappMessages.connection_id, options.connection.id),
          eq(whatsappMessages.direction, 'out'),
        ),
      )
      .for('update');
    if (!row || (rank[row.status] ?? 0) >= next) continue;
    await tx
      .update(whatsappMessages)
      .set({
        status: status.status as WhatsAppMessageStatus,
        ...(status.errors ? { error: status.errors } : {}),
      })
      .where(eq(whatsappMessages.id, row.id));
    changed += 1;
  }
  return changed;
}
