import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { dataKeyContext, dataKeyFormatVersion } from './additional-data.ts';
import { encodeBase64 } from './base64.ts';
import type { KeyProvider } from './key-provider.ts';
import { keyLength } from './keyring.ts';
import { assertId, isDataKeyVersion } from './record-validation.ts';
import type { WrappedDataKey } from './stored-records.ts';
import { providerFailure } from './unwrap-data-key.ts';
import { VaultError } from './vault-error.ts';

/** Options of {@link createDataKey}. */
export interface CreateDataKeyOptions {
  /** Source of the key-encryption key. */
  provider: KeyProvider;
  /** Client the data key is for. */
  clientId: string;
  /**
   * Version of the new data key (a rotation uses the previous version plus one).
   * @defaultValue `1`
   */
  dekVersion?: number;
  /**
   * Clock, injected for tests.
   * @defaultValue `() => new Date()`
   */
  now?: () => Date;
}

/** Wraps given data-key bytes for a client; shared by creation and data-key rotation. */
async function wrapNewDataKey(options: {
  provider: KeyProvider;
  clientId: string;
  dekVersion: number;
  bytes: Uint8Array;
  now: () => Date;
}): Promise<WrappedDataKey> {
  const { provider, clientId, dekVersion } = options;
  let wrapped: Awaited<ReturnType<KeyProvider['wrapKey']>>;
  try {
    wrapped = await provider.wrapKey({
      plaintext: options.bytes,
      context: dataKeyContext({ clientId, dekVersion }),
    });
  } catch (error) {
    throw providerFailure(provider, 'wrap a data key', error);
  }
  const timestamp = options.now().toISOString();
  return {
    format: dataKeyFormatVersion,
    clientId,
    dekVersion,
    kekVersion: wrapped.keyVersion,
    wrapped: encodeBase64(wrapped.wrapped),
    createdAt: timestamp,
    wrappedAt: timestamp,
  };
}

/** Generates 32 random bytes as a data key, returning both the usable key and its wrapped record. */
export async function generateDataKey(
  options: CreateDataKeyOptions,
): Promise<{ key: KeyObject; dataKey: WrappedDataKey }> {
  assertId('clientId', options.clientId);
  const dekVersion = options.dekVersion ?? 1;
  if (!isDataKeyVersion(dekVersion)) {
    throw new VaultError({ code: 'INVALID_INPUT', message: 'dekVersion must be a positive integer' });
  }
  const bytes = randomBytes(keyLength);
  try {
    const dataKey = await wrapNewDataKey({
      ...options,
      dekVersion,
      bytes,
      now: options.now ?? (() => new Date()),
    });
    return { key: createSecretKey(bytes), dataKey };
  } finally {
    bytes.fill(0);
  }
}

/**
 * Creates a new data key for a client, wrapped under the provider's current KEK version; store the
 * returned record and keep the plaintext key nowhere.
 */
export async function createDataKey(options: CreateDataKeyOptions): Promise<WrappedDataKey> {
  return (await generateDataKey(options)).dataKey;
}
