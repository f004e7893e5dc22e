/**
 * Context bound to a wrapped key, like an AWS KMS encryption context or a Vault transit context:
 * unwrapping succeeds only with exactly the same context.
 */
export type KeyContext = Readonly<Record<string, string>>;

/** Input of {@link KeyProvider.wrapKey}. */
export interface WrapKeyOptions {
  /** Key bytes to protect (a client's 32-byte data key). */
  plaintext: Uint8Array;
  /** Context that must be presented again to unwrap. */
  context: KeyContext;
}

/** Output of {@link KeyProvider.wrapKey}. */
export interface WrappedKey {
  /** Opaque wrapped bytes (a KMS ciphertext blob, a transit ciphertext string as UTF-8, or the local format). */
  wrapped: Uint8Array;
  /** Version of the key-encryption key that wrapped it, stored beside the wrapped bytes. */
  keyVersion: string;
}

/** Input of {@link KeyProvider.unwrapKey}. */
export interface UnwrapKeyOptions {
  /** Bytes returned earlier by {@link KeyProvider.wrapKey}. */
  wrapped: Uint8Array;
  /** Key-encryption-key version returned with them. */
  keyVersion: string;
  /** The context given when wrapping. */
  context: KeyContext;
}

/**
 * Source of key-encryption keys (KEKs). Implementations: a local keyring from config, a key file,
 * and later AWS KMS or HashiCorp Vault transit. Key material of a remote provider never leaves it;
 * every failure is a {@link VaultError} whose message carries no key bytes.
 */
export interface KeyProvider {
  /** Short label for logs and errors, e.g. `local`, `key-file`, `aws-kms`. */
  readonly name: string;
  /** Version new wraps are made under; data keys wrapped under another version are due for re-wrapping. */
  currentKeyVersion(): Promise<string>;
  /** Wraps key bytes under the current KEK version, binding `context`. */
  wrapKey(options: WrapKeyOptions): Promise<WrappedKey>;
  /**
   * Unwraps bytes wrapped under `keyVersion`; throws `UNKNOWN_KEY_VERSION` when that version is not
   * available and `DECRYPT_FAILED` when the bytes or the context do not match.
   */
  unwrapKey(options: UnwrapKeyOptions): Promise<Uint8Array>;
}
