import { AppError } from '@renum/contracts';
import type { Transaction } from '@renum/db';
import { type ModelRegistry, parseModelId } from '@renum/runtime';
import { resolveCredential, resolveCredentialIn } from '../credentials/resolve-credential.ts';
import type { PlatformDeps } from '../platform-deps.ts';

/** Providers whose keys a client may bring (stored as credentials of that service with an `api_key`). */
const byokProviders = new Set(['openai', 'anthropic']);

/**
 * The client's own key for a model's provider (bring your own key), if it stored one: the run then
 * calls the provider with it and the ledger records `api_key_type: client`. Null otherwise (the
 * platform's key is used).
 */
export async function clientModelKey(
  deps: PlatformDeps,
  options: {
    clientId: string;
    agentId: string;
    model: string;
    runId?: string | undefined;
    tx?: Transaction | undefined;
    /** Services the client is known to hold a credential of; others are not looked up. */
    knownServices?: readonly string[] | undefined;
  },
): Promise<string | null> {
  let provider: string;
  try {
    provider = parseModelId(options.model).provider;
  } catch {
    return null;
  }
  if (!byokProviders.has(provider)) return null;
  if (options.knownServices && !options.knownServices.includes(provider)) return null;
  const query = {
    clientId: options.clientId,
    agentId: options.agentId,
    service: provider,
    runId: options.runId,
  };
  const credential = options.tx
    ? await resolveCredentialIn(options.tx, deps, query)
    : await resolveCredential(deps, query);
  return credential?.fields.api_key ?? null;
}

/**
 * Checks that a model can be called, with the platform's key or the client's own, before a run is
 * created: `400 MODEL_NOT_CONFIGURED` naming the provider otherwise.
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
    const apiKey = await clientModelKey(deps, options);
    if (!apiKey) throw error;
    options.models.resolve(options.model, { apiKey });
  }
}
