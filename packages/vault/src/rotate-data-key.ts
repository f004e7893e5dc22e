import { generateDataKey } from './create-data-key.ts';
import type { DataKeyCache } from './data-key-cache.ts';
import type { KeyProvider } from './key-provider.ts';
import { assertDataKeyMatches, assertId, readEncryptedSecret } from './record-validation.ts';
import { openSecret, sealSecret } from './secret-cipher.ts';
import type { CredentialSecret, WrappedDataKey } from './stored-records.ts';
import { unwrapDataKey } from './unwrap-data-key.ts';
import { VaultError } from './vault-error.ts';

/** Options of {@link rotateDataKey}. */
export interface RotateDataKeyOptions {
  /** Source of the key-encryption key. */
  provider: KeyProvider;
  /** Client whose data key is rotated. */
  clientId: string;
  /** Every stored data key of the client that a secret in `secrets` may still use. */
  dataKeys: readonly WrappedDataKey[];
  /** Every secret of the client, each under one of `dataKeys`. */
  secrets: readonly CredentialSecret[];
  /**
   * Cache of unwrapped data keys, used for the old keys.
   * @defaultValue none
   */
  cache?: DataKeyCache | undefined;
  /**
   * Clock, injected for tests.
   * @defaultValue `() => new Date()`
   */
  now?: () => Date;
}

/** Result of {@link rotateDataKey}: what to store, in one transaction, in place of the old records. */
export interface RotateDataKeyResult {
  /** The client's new data key, one version above the highest given. */
  dataKey: WrappedDataKey;
  /** Every given secret re-encrypted under the new data key, in the given order. */
  secrets: CredentialSecret[];
}

/**
 * Rotates a client's data key: generates the next version and re-encrypts all the client's secrets
 * under it. All or nothing: any secret that does not decrypt fails the whole rotation. Old data keys
 * can be deleted once the result is stored.
 */
export async function rotateDataKey(options: RotateDataKeyOptions): Promise<RotateDataKeyResult> {
  const { provider, clientId, cache } = options;
  assertId('clientId', clientId);
  const byVersion = new Map<number, WrappedDataKey>();
  for (const dataKey of options.dataKeys) {
    assertDataKeyMatches({ dataKey, clientId });
    byVersion.set(dataKey.dekVersion, dataKey);
  }
  const dekVersion = Math.max(0, ...byVersion.keys()) + 1;
  const generated = await generateDataKey({ provider, clientId, dekVersion, now: options.now });

  const secrets: CredentialSecret[] = [];
  for (const { credentialId, secret } of options.secrets) {
    assertId('credentialId', credentialId);
    const { dekVersion: oldVersion } = readEncryptedSecret(secret);
    const oldDataKey = byVersion.get(oldVersion);
    if (oldDataKey === undefined) {
      throw new VaultError({
        code: 'UNKNOWN_KEY_VERSION',
        message: `Secret of credential ${credentialId} uses data key version ${oldVersion} of client ${clientId}, which was not given`,
      });
    }
    const oldKey = await unwrapDataKey({ provider, dataKey: oldDataKey, cache });
    const fields = openSecret({ key: oldKey, clientId, credentialId, secret });
    const binding = { clientId, credentialId, dekVersion };
    secrets.push({ credentialId, secret: sealSecret({ key: generated.key, binding, fields }) });
  }
  return { dataKey: generated.dataKey, secrets };
}
