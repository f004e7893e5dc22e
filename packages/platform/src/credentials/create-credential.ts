import { AppError, type CreateCredential } from '@renum/contracts';
import { credentials, withClient } from '@renum/db';
import { loadAgent } from '../agents/agent-id.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { credentialToWire, maskedHint, validateSecretFields } from './credential-wire.ts';
import { currentDataKey } from './data-keys.ts';

/**
 * Stores a credential encrypted under the client's data key, optionally scoped to one agent.
 * Only owners and admins; audited without the value.
 */
export async function createCredential(
  deps: PlatformDeps,
  options: { principal: Principal; input: CreateCredential },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  const { input } = options;
  const secret = validateSecretFields(input.service, input.secret);
  const created = await withClient(deps.db, clientId, async (tx) => {
    if (input.agent_id) await loadAgent(tx, input.agent_id);
    const dataKey = await currentDataKey(tx, { vault: deps.vault, clientId });
    const id = deps.newId();
    const encrypted = await deps.vault.encryptSecret({ dataKey, clientId, credentialId: id, fields: secret });
    const [row] = await tx
      .insert(credentials)
      .values({
        id,
        client_id: clientId,
        agent_id: input.agent_id?.toLowerCase() ?? null,
        service: input.service,
        name: input.name,
        secret: encrypted as unknown as Record<string, unknown>,
        dek_version: dataKey.dekVersion,
        field_names: Object.keys(secret).sort(),
        masked: maskedHint(secret),
        created_by: options.principal.userId,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      throw new AppError('CONFLICT', `A ${input.service} credential named "${input.name}" already exists`, {
        context: { field: 'name' },
      });
    }
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'credential.create',
        targetType: 'credential',
        targetId: id,
        clientId,
        data: { service: input.service, name: input.name },
      },
    });
    return credentialToWire(row);
  });
  // After the commit: a new agent-scoped credential takes precedence over a cached client-wide one.
  await deps.credentialCache?.invalidateClient(clientId);
  return created;
}
