import { randomBytes } from 'node:crypto';
import type { MemberRole } from '@renum/contracts';
import { apiKeys, withClient } from '@renum/db';
import { recordAudit } from '../audit/record-audit.ts';
import { apiKeyPrefix } from '../identity/authenticate.ts';
import { hashToken } from '../identity/sessions.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { toWire } from '../wire.ts';

/** Columns of an API key that may be shown (never the hash). */
export const apiKeyColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  role: apiKeys.role,
  created_at: apiKeys.created_at,
  last_used_at: apiKeys.last_used_at,
  expires_at: apiKeys.expires_at,
  revoked_at: apiKeys.revoked_at,
};

/** Creates an API key; its secret is returned here once and stored only as a hash. */
export async function createApiKey(
  deps: PlatformDeps,
  options: {
    principal: Principal;
    input: { name: string; role: Exclude<MemberRole, 'owner'>; expires_at?: string | undefined };
  },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  const secret = `${apiKeyPrefix}${randomBytes(32).toString('base64url')}`;
  const { input } = options;
  return withClient(deps.db, clientId, async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        id: deps.newId(),
        client_id: clientId,
        name: input.name,
        prefix: secret.slice(0, 11),
        key_hash: hashToken(secret),
        role: input.role,
        created_by: options.principal.userId,
        expires_at: input.expires_at ? new Date(input.expires_at) : null,
      })
      .returning(apiKeyColumns);
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'api_key.create',
        targetType: 'api_key',
        targetId: row!.id,
        clientId,
        data: { name: input.name },
      },
    });
    return { ...toWire(row!), secret };
  });
}
