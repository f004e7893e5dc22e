import type { DataKeyCache } from './data-key-cache.ts';
import type { KeyProvider } from './key-provider.ts';
import { assertDataKeyMatches, assertId } from './record-validation.ts';
import { sealSecret } from './secret-cipher.ts';
import type { EncryptedSecret, SecretFields, WrappedDataKey } from './stored-records.ts';
import { unwrapDataKey } from './unwrap-data-key.ts';

/** Options of {@link encryptSecret}. */
export interface EncryptSecretOptions {
  /** Source of the key-encryption key that unwraps `dataKey`. */
  provider: KeyProvider;
  /** The client's current data key. */
  dataKey: WrappedDataKey;
  /** Client owning the credential; must match `dataKey.clientId`. */
  clientId: string;
  /** Credential the secret belongs to. */
  credentialId: string;
  /** Secret fields in clear, e.g. `{ api_key: "..." }`. */
  fields: SecretFields;
  /**
   * Cache of unwrapped data keys.
   * @defaultValue none (the provider unwraps on every call)
   */
  cache?: DataKeyCache | undefined;
}

/**
 * Encrypts a credential's secret fields with AES-256-GCM under the client's data key, with a fresh
 * random nonce and additional data binding client, credential and data-key version.
 */
export async function encryptSecret(options: EncryptSecretOptions): Promise<EncryptedSecret> {
  assertId('clientId', options.clientId);
  assertId('credentialId', options.credentialId);
  assertDataKeyMatches({ dataKey: options.dataKey, clientId: options.clientId });
  const key = await unwrapDataKey(options);
  return sealSecret({
    key,
    binding: {
      clientId: options.clientId,
      credentialId: options.credentialId,
      dekVersion: options.dataKey.dekVersion,
    },
    fields: options.fields,
  });
}
