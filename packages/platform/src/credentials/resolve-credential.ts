import { clientDataKeys, credentials, type Transaction, withClient } from '@renum/db';
import type { WrappedDataKey } from '@renum/vault';
import { and, asc, eq, isNull, or, type SQL } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { credentialDataKey } from './data-keys.ts';

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
  const found = await findCredentialIn(tx, deps, options);
  if (!found) return null;
  await recordCredentialUse(tx, deps, { ...found, clientId: options.clientId, runId: options.runId });
  return { credentialId: found.credentialId, fields: found.fields };
}

/** Records that a credential was used: its `last_used_at`, and a `credential.use` audit row. */
export async function recordCredentialUse(
  tx: Transaction,
  deps: Pick<PlatformDeps, 'clock' | 'newId'>,
  used: { credentialId: string; service: string; clientId: string; runId?: string | undefined },
): Promise<void> {
  await tx
    .update(credentials)
    .set({ last_used_at: deps.clock() })
    .where(eq(credentials.id, used.credentialId));
  await recordAudit(tx, {
    id: deps.newId(),
    actor: null,
    entry: {
      action: 'credential.use',
      targetType: 'credential',
      targetId: used.credentialId,
      clientId: used.clientId,
      data: { service: used.service, run_id: used.runId ?? null },
    },
  });
}

/**
 * Finds and decrypts the credential like {@link resolveCredentialIn}, without recording its use: for
 * callers that record it themselves (the tool proxy writes the audit row with its ledger row).
 */
export async function findCredentialIn(
  tx: Transaction,
  deps: PlatformDeps,
  options: ResolveCredentialOptions,
): Promise<(ResolvedCredential & { service: string }) | null> {
  const sealed = await findSealedCredentialIn(tx, options);
  if (!sealed) return null;
  return { credentialId: sealed.credentialId, service: sealed.service, fields: await sealed.open(deps) };
}

/**
 * The credential an outbound call needs, still sealed: `open` decrypts its fields (no database), so a
 * caller can read it once and decrypt it inside each outbound request only.
 */
export interface SealedCredential {
  credentialId: string;
  service: string;
  open(deps: Pick<PlatformDeps, 'vault'>): Promise<Record<string, string>>;
}

/** Finds the credential (the agent's own for the service, else the client-wide one), without decrypting it. */
export async function findSealedCredentialIn(
  tx: Transaction,
  options: ResolveCredentialOptions,
): Promise<SealedCredential | null> {
  const { clientId } = options;
  const conditions: SQL[] = [eq(credentials.service, options.service)];
  if (options.name) conditions.push(eq(credentials.name, options.name));
  conditions.push(
    options.agentId
      ? or(eq(credentials.agent_id, options.agentId), isNull(credentials.agent_id))!
      : isNull(credentials.agent_id),
  );
  // The data key comes in the same statement (one snapshot): a data-key rotation may move the row to a
  // new key and retire the old one between two separate reads.
  const rows = await tx
    .select({ credential: credentials, dataKey: clientDataKeys.record })
    .from(credentials)
    .innerJoin(clientDataKeys, credentialDataKey)
    .where(and(...conditions))
    .orderBy(asc(credentials.created_at));
  const found = rows.find((candidate) => candidate.credential.agent_id !== null) ?? rows[0];
  if (!found) return null;
  const row = found.credential;
  return {
    credentialId: row.id,
    service: row.service,
    open: (deps) =>
      deps.vault.decryptSecret({
        dataKey: found.dataKey as unknown as WrappedDataKey,
        clientId,
        credentialId: row.id,
        secret: row.secret as never,
      }),
  };
}
