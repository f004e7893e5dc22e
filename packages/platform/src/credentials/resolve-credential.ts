import { credentials, type Transaction, withClient } from '@renum/db';
import { and, asc, eq, isNull, or, type SQL } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { dataKeyVersion } from './data-keys.ts';

/** A decrypted credential, for the one outbound request that needs it. */
export interface ResolvedCredential {
  credentialId: string;
  fields: Record<string, string>;
}

/** What to resolve. */
export interface ResolveCredentialOptions {
  clientId: string;
  agentId?: string | null | undefined;
  service: string;
  name?: string | undefined;
  runId?: string | undefined;
}

/**
 * Finds and decrypts the credential an outbound call needs: the agent's own for the service if it
 * has one, else the client-wide one (by name when given). Records the use (audit, last_used_at).
 * The clear fields must go only into the outbound request: never a prompt, log, event or answer.
 */
export async function resolveCredential(
  deps: PlatformDeps,
  options: ResolveCredentialOptions,
): Promise<ResolvedCredential | null> {
  return withClient(deps.db, options.clientId, (tx) => resolveCredentialIn(tx, deps, options));
}

/** {@link resolveCredential} inside the caller's client-scoped transaction. */
export async function resolveCredentialIn(
  tx: Transaction,
  deps: PlatformDeps,
  options: ResolveCredentialOptions,
): Promise<ResolvedCredential | null> {
  const { clientId } = options;
  const conditions: SQL[] = [eq(credentials.service, options.service)];
  if (options.name) conditions.push(eq(credentials.name, options.name));
  conditions.push(
    options.agentId
      ? or(eq(credentials.agent_id, options.agentId), isNull(credentials.agent_id))!
      : isNull(credentials.agent_id),
  );
  const rows = await tx
    .select()
    .from(credentials)
    .where(and(...conditions))
    .orderBy(asc(credentials.created_at));
  const row = rows.find((candidate) => candidate.agent_id !== null) ?? rows[0];
  if (!row) return null;
  const dataKey = await dataKeyVersion(tx, { clientId, version: row.dek_version });
  const fields = await deps.vault.decryptSecret({
    dataKey,
    clientId,
    credentialId: row.id,
    secret: row.secret as never,
  });
  await tx.update(credentials).set({ last_used_at: deps.clock() }).where(eq(credentials.id, row.id));
  await recordAudit(tx, {
    id: deps.newId(),
    actor: null,
    entry: {
      action: 'credential.use',
      targetType: 'credential',
      targetId: row.id,
      clientId,
      data: { service: row.service, run_id: options.runId ?? null },
    },
  });
  return { credentialId: row.id, fields };
}
