import { dataKeyContext } from './additional-data.ts';
import { encodeBase64 } from './base64.ts';
import type { KeyProvider } from './key-provider.ts';
import { keyLength } from './keyring.ts';
import { readWrappedDataKey } from './record-validation.ts';
import type { WrappedDataKey } from './stored-records.ts';
import { providerFailure, unwrapDataKeyUncached } from './unwrap-data-key.ts';
import { VaultError } from './vault-error.ts';

/** Options of {@link rewrapDataKey}. */
export interface RewrapDataKeyOptions {
  /** Provider holding both the data key's KEK version and the current one. */
  provider: KeyProvider;
  /** Stored data key to move to the current KEK version. */
  dataKey: WrappedDataKey;
  /**
   * Clock, injected for tests.
   * @defaultValue `() => new Date()`
   */
  now?: () => Date;
}

/** Result of {@link rewrapDataKey}. */
export interface RewrapDataKeyResult {
  /** The record to store: new when re-wrapped, the given one otherwise. */
  dataKey: WrappedDataKey;
  /** Whether the record changed and must be written back. */
  rewrapped: boolean;
}

/**
 * Re-wraps a client's data key under the provider's current KEK version, the step of a KEK rotation
 * done for every data key; secrets need no re-encryption because the data key itself is unchanged.
 * The new record is unwrapped once before it is returned, so the old one is never replaced by a broken one.
 */
export async function rewrapDataKey(options: RewrapDataKeyOptions): Promise<RewrapDataKeyResult> {
  const { provider, dataKey } = options;
  readWrappedDataKey(dataKey);
  let currentVersion: string;
  try {
    currentVersion = await provider.currentKeyVersion();
  } catch (error) {
    throw providerFailure(provider, 'report its current key version', error);
  }
  if (dataKey.kekVersion === currentVersion) return { dataKey, rewrapped: false };

  const key = await unwrapDataKeyUncached({ provider, dataKey });
  const bytes = key.export();
  let wrapped: Awaited<ReturnType<KeyProvider['wrapKey']>>;
  try {
    const context = dataKeyContext({ clientId: dataKey.clientId, dekVersion: dataKey.dekVersion });
    wrapped = await provider.wrapKey({ plaintext: bytes, context });
  } catch (error) {
    throw providerFailure(provider, 'wrap a data key', error);
  } finally {
    bytes.fill(0);
  }
  const next: WrappedDataKey = {
    ...dataKey,
    kekVersion: wrapped.keyVersion,
    wrapped: encodeBase64(wrapped.wrapped),
    wrappedAt: (options.now ?? (() => new Date()))().toISOString(),
  };
  const check = await unwrapDataKeyUncached({ provider, dataKey: next });
  if (check.symmetricKeySize !== keyLength || !check.equals(key)) {
    throw new VaultError({
      code: 'DECRYPT_FAILED',
      message: `Re-wrapped data key version ${dataKey.dekVersion} of client ${dataKey.clientId} did not verify`,
    });
  }
  return { dataKey: next, rewrapped: true };
}
