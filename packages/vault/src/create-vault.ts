import { createDataKey } from './create-data-key.ts';
import { createDataKeyCache, type DataKeyCache } from './data-key-cache.ts';
import { type DecryptSecretOptions, decryptSecret } from './decrypt-secret.ts';
import { type EncryptSecretOptions, encryptSecret } from './encrypt-secret.ts';
import type { KeyProvider } from './key-provider.ts';
import { type RewrapDataKeyOptions, type RewrapDataKeyResult, rewrapDataKey } from './rewrap-data-key.ts';
import { type RotateDataKeyOptions, type RotateDataKeyResult, rotateDataKey } from './rotate-data-key.ts';
import type { EncryptedSecret, WrappedDataKey } from './stored-records.ts';

/** Options of {@link createVault}. */
export interface VaultOptions {
  /** Source of key-encryption keys. */
  provider: KeyProvider;
  /**
   * Cache of unwrapped data keys, or `false` to unwrap on every call.
   * @defaultValue a {@link createDataKeyCache} with its defaults and this vault's clock
   */
  cache?: DataKeyCache | false;
  /**
   * Clock, injected for tests.
   * @defaultValue `() => new Date()`
   */
  now?: () => Date;
}

type Bound<T> = Omit<T, 'provider' | 'cache' | 'now'>;

/** The vault's operations with provider, cache and clock bound once. */
export interface Vault {
  /** The key provider in use. */
  readonly provider: KeyProvider;
  /** Creates a client's data key; see {@link createDataKey}. */
  createDataKey(options: { clientId: string; dekVersion?: number }): Promise<WrappedDataKey>;
  /** Encrypts a credential's secret; see {@link encryptSecret}. */
  encryptSecret(options: Bound<EncryptSecretOptions>): Promise<EncryptedSecret>;
  /** Decrypts a credential's secret; see {@link decryptSecret}. */
  decryptSecret(options: Bound<DecryptSecretOptions>): Promise<Record<string, string>>;
  /** Re-wraps a data key under the current KEK version; see {@link rewrapDataKey}. */
  rewrapDataKey(options: Bound<RewrapDataKeyOptions>): Promise<RewrapDataKeyResult>;
  /** Rotates a client's data key and re-encrypts its secrets; see {@link rotateDataKey}. */
  rotateDataKey(options: Bound<RotateDataKeyOptions>): Promise<RotateDataKeyResult>;
  /** Forgets every cached unwrapped data key. */
  clearCache(): void;
}

/**
 * Binds a key provider, a data-key cache and a clock to the vault's functions, the form the server
 * wires up once at boot.
 */
export function createVault(options: VaultOptions): Vault {
  const { provider } = options;
  const now = options.now ?? (() => new Date());
  const cache = options.cache === false ? undefined : (options.cache ?? createDataKeyCache({ now }));
  return {
    provider,
    createDataKey: (input) => createDataKey({ ...input, provider, now }),
    encryptSecret: (input) => encryptSecret({ ...input, provider, cache }),
    decryptSecret: (input) => decryptSecret({ ...input, provider, cache }),
    rewrapDataKey: (input) => rewrapDataKey({ ...input, provider, now }),
    rotateDataKey: (input) => rotateDataKey({ ...input, provider, cache, now }),
    clearCache: () => cache?.clear(),
  };
}
