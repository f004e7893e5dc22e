import { AppError, type Client, isUuid } from '@renum/contracts';
import { clients, withPlatform } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { toWire } from '../wire.ts';

/**
 * Logs the client's prompts for `minutes` from now (ADR 0067): the worker writes each run's system prompt,
 * messages and answer to its log, secrets scrubbed, until the moment passes. Turning it on again sets a
 * new end. Audited as `admin.clients.prompt_logging.on` (reason, minutes, until) in the client's own
 * audit log, so its owner sees who, why and until when.
 */
export async function turnOnPromptLogging(
  deps: PlatformDeps,
  options: { principal: Principal; clientId: string; minutes: number; reason: string },
): Promise<Client> {
  requirePlatformAdmin(options.principal);
  if (!isUuid(options.clientId)) throw clientNotFound(options.clientId);
  const until = new Date(deps.clock().getTime() + options.minutes * 60_000);
  return withPlatform(deps.db, async (tx) => {
    const [row] = await tx
      .update(clients)
      .set({ prompt_logging_until: until, updated_at: deps.clock() })
      .where(eq(clients.id, options.clientId))
      .returning();
    if (!row) throw clientNotFound(options.clientId);
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'admin.clients.prompt_logging.on',
        targetType: 'client',
        targetId: row.id,
        clientId: row.id,
        data: { reason: options.reason, minutes: options.minutes, until: until.toISOString() },
      },
    });
    return toWire(row);
  });
}

/** The answer for an id that is no client (malformed or unknown alike). */
export function clientNotFound(clientId: string): AppError {
  return new AppError('CLIENT_NOT_FOUND', 'Client not found', { context: { client_id: clientId } });
}
