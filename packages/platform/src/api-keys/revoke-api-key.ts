import { AppError, isUuid } from '@renum/contracts';
import { apiKeys, withClient } from '@renum/db';
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';

/** Revokes an API key at once; requests with it get `401 AUTH_ERROR` from then on. */
export async function revokeApiKey(deps: PlatformDeps, options: { principal: Principal; apiKeyId: string }) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  const notFound = new AppError('API_KEY_NOT_FOUND', 'API key not found', {
    context: { api_key_id: options.apiKeyId },
  });
  if (!isUuid(options.apiKeyId)) throw notFound;
  await withClient(deps.db, clientId, async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revoked_at: deps.clock() })
      .where(and(eq(apiKeys.id, options.apiKeyId), isNull(apiKeys.revoked_at)))
      .returning({ id: apiKeys.id });
    if (!row) throw notFound;
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: { action: 'api_key.revoke', targetType: 'api_key', targetId: row.id, clientId },
    });
  });
}
