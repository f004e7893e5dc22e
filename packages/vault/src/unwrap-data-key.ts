import { createSecretKey, type KeyObject } from 'node:crypto';
import { dataKeyContext } from './additional-data.ts';
import type { DataKeyCache } from './data-key-cache.ts';
import type { KeyProvider } from './key-provider.ts';
import { keyLength } from './keyring.ts';
import { readWrappedDataKey } from './record-validation.ts';
import type { WrappedDataKey } from './stored-records.ts';
import { VaultError } from './vault-error.ts';

/** Turns a provider failure that is not already a {@link VaultError} into one, keeping it only as `cause`. */
export function providerFailure(provider: KeyProvider, action: string, error: unknown): VaultError {
  if (VaultError.isInstance(error)) return error;
  return new VaultError({
    code: 'KEY_PROVIDER_FAILED',
    message: `Key provider ${provider.name} failed to ${action}`,
    cause: error,
  });
}

/** Unwraps a stored data key through the provider, bypassing any cache. */
export async function unwrapDataKeyUncached(options: {
  provider: KeyProvider;
  dataKey: WrappedDataKey;
}): Promise<KeyObject> {
  const { provider, dataKey } = options;
  const wrapped = readWrappedDataKey(dataKey);
  let bytes: Uint8Array;
  try {
    bytes = await provider.unwrapKey({
      wrapped,
      keyVersion: dataKey.kekVersion,
      context: dataKeyContext({ clientId: dataKey.clientId, dekVersion: dataKey.dekVersion }),
    });
  } catch (error) {
    throw providerFailure(provider, 'unwrap a data key', error);
  }
  if (bytes.length !== keyLength) {
    throw new VaultError({
      code: 'DECRYPT_FAILED',
      message: `Data key version ${dataKey.dekVersion} of client ${dataKey.clientId} unwrapped to the wrong length`,
    });
  }
  const key = createSecretKey(bytes);
  bytes.fill(0);
  return key;
}

/**
 * Unwraps a stored data key, through `cache` when given. The cache key includes the wrapped bytes, so an
 * altered record never hits the entry of the genuine one and still has to pass the provider's check.
 */
export function unwrapDataKey(options: {
  provider: KeyProvider;
  dataKey: WrappedDataKey;
  cache?: DataKeyCache | undefined;
}): Promise<KeyObject> {
  const { dataKey, cache } = options;
  if (cache === undefined) return unwrapDataKeyUncached(options);
  const cacheKey = JSON.stringify([
    dataKey.clientId,
    dataKey.dekVersion,
    dataKey.kekVersion,
    dataKey.wrapped,
  ]);
  return cache.getOrLoad(cacheKey, () => unwrapDataKeyUncached(options));
}
