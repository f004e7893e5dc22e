import { AppError, type Client, isUuid } from '@renum/contracts';
import { clients, withPlatform } from '@renum/db';
import { and, eq, gt } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { toWire } from '../wire.ts';
import { clientNotFound } from './turn-on-prompt-logging.ts';

/**
 * Stops logging the client's prompts before its time runs out (ADR 0067), audited as
 * `admin.clients.prompt_logging.off` (with the end it had) in the client's own audit log. Already off
 * (never on, turned off, or its time passed): `409 CONFLICT`, nothing recorded.
 */
export async function turnOffPromptLogging(
  deps: PlatformDeps,
  options: { principal: Principal; clientId: string },
): Promise<Client> {
  requirePlatformAdmin(options.principal);
  if (!isUuid(options.clientId)) throw clientNotFound(options.clientId);
  const now = deps.clock();
  return withPlatform(deps.db, async (tx) => {
    const [before] = await tx
      .select({ until: clients.prompt_logging_until })
      .from(clients)
      .where(eq(clients.id, options.clientId))
      .for('update');
    if (!before) throw clientNotFound(options.clientId);
    const [row] = await tx
      .update(clients)
      .set({ prompt_logging_until: null, updated_at: now })
      .where(and(eq(clients.id, options.clientId), gt(clients.prompt_logging_until, now)))
      .returning();
    if (!row)
      throw new AppError('CONFLICT', 'Prompt logging is already off', {
        context: { client_id: options.clientId },
      });
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'admin.clients.prompt_logging.off',
        targetType: 'client',
        targetId: row.id,
        clientId: row.id,
        data: { was_until: before.until?.toISOString() ?? null },
      },
    });
    return toWire(row);
  });
}
