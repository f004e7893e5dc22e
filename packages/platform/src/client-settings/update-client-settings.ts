import type { UpdateClientSettings } from '@renum/contracts';
import { AppError } from '@renum/contracts';
import { clients, withPlatform } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { toWire } from '../wire.ts';

/**
 * Changes the caller's own company: its name, and the `language` and `timezone` kept in its settings
 * (other settings keys are kept). Owners and admins only; audited. The app role may only read
 * `clients`, so the write runs as the platform role, always on the caller's own client id.
 */
export async function updateClientSettings(
  deps: PlatformDeps,
  options: { principal: Principal; input: UpdateClientSettings },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  const { name, language, timezone } = options.input;
  const client = await withPlatform(deps.db, async (tx) => {
    const [current] = await tx.select().from(clients).where(eq(clients.id, clientId)).for('update');
    if (!current)
      throw new AppError('CLIENT_NOT_FOUND', 'Client not found', { context: { client_id: clientId } });
    const settings = {
      ...current.settings,
      ...(language !== undefined ? { language } : {}),
      ...(timezone !== undefined ? { timezone } : {}),
    };
    const [row] = await tx
      .update(clients)
      .set({ ...(name !== undefined ? { name } : {}), settings, updated_at: new Date() })
      .where(eq(clients.id, clientId))
      .returning();
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'client.settings.update',
        targetType: 'client',
        targetId: clientId,
        clientId,
        data: { ...options.input },
      },
    });
    return toWire(row!);
  });
  deps.sessionCache?.forgetClient(clientId);
  return client;
}
