import { AppError } from '@renum/contracts';
import { type Transaction, withClient } from '@renum/db';
import { type ClientKeySource, type ModelRegistry, parseModelId } from '@renum/runtime';
import { findSealedCredentialIn, recordCredentialUse } from '../credentials/resolve-credential.ts';
import type { PlatformDeps } from '../platform-deps.ts';

/** Providers whose keys a client may bring (stored as credentials of that service with an `api_key`). */
const byokProviders = new Set(['openai', 'anthropic']);

/** What {@link clientModelKey} looks up. */
interface ClientModelKeyOptions {
  clientId: string;
  /** The agent whose own credential comes first; absent: the client-wide credential only. */
  agentId?: string | undefined;
  model: string;
  runId?: string | undefined;
  tx?: Transaction | undefined;
  /** Services the client is known to hold a credential of; others are not looked up. */
  knownServices?: readonly string[] | undefined;
  /** Record the credential's use (audit, last_used_at): when a run will call with it. @defaultValue true */
  recordUse?: boolean | undefined;
}

/**
 * The client's own key for a model's provider (bring your own key), if it stored one, as a source that
 * the provider's requests open one at a time (`ClientKeySource`): the credential is read here, still
 * sealed, and decrypted only inside each outbound request. The run then calls the provider with it and
 * the ledger records `api_key_type: client`. Null otherwise (the platform's key is used).
 */
export async function clientModelKey(
  deps: PlatformDeps,
  options: ClientModelKeyOptions,
): Promise<ClientKeySource | null> {
  const service = byokService(options);
  if (!service) return null;
  const find = async (tx: Transaction) => {
    const sealed = await findSealedCredentialIn(tx, { ...options, service });
    if (sealed && options.recordUse !== false) {
      await recordCredentialUse(tx, deps, { ...sealed, clientId: options.clientId, runId: options.runId });
    }
    return sealed;
  };
  const sealed = options.tx ? await find(options.tx) : await withClient(deps.db, options.clientId, find);
  if (!sealed) return null;
  return async () => {
    const fields = await sealed.open(deps);
    // Stored credentials of these services always hold it (the credentials API validates the shape).
    return fields.api_key ?? '';
  };
}

function byokService(options: ClientModelKeyOptions): string | null {
  let provider: string;
  try {
    provider = parseModelId(options.model).provider;
  } catch {
    return null;
  }
  if (!byokProviders.has(provider)) return null;
  if (options.knownServices && !options.knownServices.includes(provider)) return null;
  return provider;
}

/**
 * Checks that a model can be called, with the platform's key or the client's own, before a run is
 * created: `400 MODEL_NOT_CONFIGURED` naming the provider otherwise. Nothing is decrypted: that a
 * credential exists is enough here.
 */
export async function assertModelUsable(
  deps: PlatformDeps,
  options: {
    models: ModelRegistry;
    clientId: string;
    agentId: string;
    model: string;
    tx: Transaction;
    knownServices?: readonly string[] | undefined;
  },
): Promise<void> {
  try {
    options.models.resolve(options.model);
  } catch (error) {
    if (!AppError.isInstance(error) || error.code !== 'MODEL_NOT_CONFIGURED') throw error;
    const clientKey = await clientModelKey(deps, { ...options, recordUse: false });
    if (!clientKey) throw error;
    options.models.resolve(options.model, { clientKey });
  }
}
