import type { InstanceProvider } from '@renum/contracts';
import { platformSettings, type Transaction, withPlatform } from '@renum/db';
import type { EncryptedSecret, WrappedDataKey } from '@renum/vault';
import { eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';

/** The vault's "client" of platform credentials: the platform's own data key is bound to this id. */
export const platformVaultId = 'platform';
/** The credential id of Suna's secrets in the vault's additional data. */
export const sunaSecretId = 'suna';

/** Suna's connection from the environment: the bootstrap default of the admin's settings. */
export interface SunaConnectionDefaults {
  url?: string | undefined;
  apiKey?: string | undefined;
  jwt?: string | undefined;
  /** Base URL Suna reaches this platform's MCP endpoint at (`RENUM_SUNA_TOOLS_URL`, else the public URL). */
  toolsUrl: string;
}

/** What the `suna` executor uses for a run: the admin's settings over the environment's, field by field. */
export interface SunaConnection {
  url: string;
  apiKey?: string | undefined;
  jwt?: string | undefined;
  toolsUrl: string;
  instanceProvider: InstanceProvider;
  dockerImage?: string | undefined;
  dockerNetwork?: string | undefined;
}

/** The shown part of the `suna` settings row (`platform_settings.value`). */
export interface StoredSunaValue {
  url?: string | null;
  tools_url?: string | null;
  instance_provider?: InstanceProvider;
  docker_image?: string | null;
  docker_network?: string | null;
}

/** The `suna` row as stored: shown values, the encrypted secrets and the platform's data key. */
export interface StoredSunaSettings {
  value: StoredSunaValue;
  secret: EncryptedSecret | null;
  dataKey: WrappedDataKey | null;
  updatedAt: Date | null;
}

/** Reads the `suna` settings row (platform scope), or an empty one. */
export async function readStoredSunaSettings(tx: Transaction): Promise<StoredSunaSettings> {
  const [row] = await tx.select().from(platformSettings).where(eq(platformSettings.name, 'suna'));
  if (!row) return { value: {}, secret: null, dataKey: null, updatedAt: null };
  return {
    value: row.value as StoredSunaValue,
    secret: (row.secret as unknown as EncryptedSecret | null) ?? null,
    dataKey: (row.data_key as unknown as WrappedDataKey | null) ?? null,
    updatedAt: row.updated_at,
  };
}

/** The secret fields of the row, decrypted with the platform's data key (none stored: empty). */
export async function openSunaSecrets(
  deps: Pick<PlatformDeps, 'vault'>,
  stored: StoredSunaSettings,
): Promise<{ api_key?: string; jwt?: string }> {
  if (!stored.secret || !stored.dataKey) return {};
  return deps.vault.decryptSecret({
    dataKey: stored.dataKey,
    clientId: platformVaultId,
    credentialId: sunaSecretId,
    secret: stored.secret,
  });
}

const ttlMs = 2_000;
const cache = new WeakMap<object, { at: number; value: Promise<SunaConnection | undefined> }>();

/** Forgets this process's copy of the connection (after a settings write). */
export function forgetSunaConnection(deps: object): void {
  cache.delete(deps);
}

async function loadConnection(deps: PlatformDeps): Promise<SunaConnection | undefined> {
  const stored = await withPlatform(deps.db, readStoredSunaSettings);
  const secrets = await openSunaSecrets(deps, stored);
  const defaults = deps.sunaDefaults;
  const value = stored.value;
  const url = value.url ?? defaults?.url;
  if (!url) return undefined;
  return {
    url,
    apiKey: secrets.api_key ?? defaults?.apiKey,
    jwt: secrets.jwt ?? defaults?.jwt,
    toolsUrl: value.tools_url ?? defaults?.toolsUrl ?? deps.publicUrl,
    instanceProvider: value.instance_provider ?? 'static',
    dockerImage: value.docker_image ?? undefined,
    dockerNetwork: value.docker_network ?? undefined,
  };
}

/**
 * The Suna connection in effect now: the admin's settings (secrets decrypted from the vault) over the
 * environment's defaults; undefined when neither names a URL. Kept 2 seconds per process, so a change
 * reaches every process within that time without a restart (the writing process at once).
 */
export async function readSunaConnection(deps: PlatformDeps): Promise<SunaConnection | undefined> {
  const now = Date.now();
  const kept = cache.get(deps);
  if (kept && now - kept.at < ttlMs) return kept.value;
  const value = loadConnection(deps);
  cache.set(deps, { at: now, value });
  let connection: SunaConnection | undefined;
  try {
    connection = await value;
  } catch (error) {
    cache.delete(deps); // a failed read is not kept; the caller sees its error
    throw error;
  }
  // Agents may choose `suna` exactly while a connection is in effect.
  deps.externalExecutors = connection ? ['suna'] : [];
  return connection;
}
