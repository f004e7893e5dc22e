import type { DataKeyCache } from './data-key-cache.ts';
import type { KeyProvider } from './key-provider.ts';
import { assertDataKeyMatches, assertId, readEncryptedSecret } from './record-validation.ts';
import { openSecret } from './secret-cipher.ts';
import type { EncryptedSecret, WrappedDataKey } from './stored-records.ts';
import { unwrapDataKey } from './unwrap-data-key.ts';

/** Options of {@link decryptSecret}. */
export interface DecryptSecretOptions {
  /** Source of the key-encryption key that unwraps `dataKey`. */
  provider: KeyProvider;
  /** The client's data key of the version named by `secret.dekVersion`. */
  dataKey: WrappedDataKey;
  /** Client the caller is acting for (from the row or the request, never from the secret). */
  clientId: string;
  /** Credential the caller expects this secret to belong to. */
  credentialId: string;
  /** The stored secret. */
  secret: EncryptedSecret;
  /**
   * Cache of unwrapped data keys.
   * @defaultValue none (the provider unwraps on every call)
   */
  cache?: DataKeyCache | undefined;
}

/**
 * Decrypts a credential's secret. Fails with `KEY_MISMATCH` or `UNKNOWN_KEY_VERSION` for a data key that
 * does not fit, and `DECRYPT_FAILED` when the record was altered, swapped or claimed for another client.
 */
export async function decryptSecret(options: DecryptSecretOptions): Promise<Record<string, string>> {
  assertId('clientId', options.clientId);
  assertId('credentialId', options.credentialId);
  const { dekVersion } = readEncryptedSecret(options.secret);
  assertDataKeyMatches({ dataKey: options.dataKey, clientId: options.clientId, dekVersion });
  const key = await unwrapDataKey(options);
  return openSecret({
    key,
    clientId: options.clientId,
    credentialId: options.credentialId,
    secret: options.secret,
  });
}
