/** A credential's secret in clear: string fields such as `{ api_key: "..." }`. */
export type SecretFields = Readonly<Record<string, string>>;

/**
 * A client's data key (DEK) wrapped by a key-encryption key (KEK), as stored. Safe to dump: the DEK is
 * only recoverable through the key provider, and only with this client id and DEK version.
 */
export interface WrappedDataKey {
  /** Record format version. */
  format: 1;
  /** Owning client; bound into the wrap, so the record cannot be moved to another client. */
  clientId: string;
  /** Version of this client's data key, starting at 1 and increased by each data-key rotation. */
  dekVersion: number;
  /** Version of the key-encryption key that wrapped it; re-wrapping moves it to the provider's current version. */
  kekVersion: string;
  /** Wrapped key bytes as base64. */
  wrapped: string;
  /** When the data key was generated (ISO-8601 UTC); unchanged by re-wrapping. */
  createdAt: string;
  /** When it was last wrapped (ISO-8601 UTC). */
  wrappedAt: string;
}

/**
 * One encrypted secret, as stored beside its credential row. It names no client or credential: the
 * caller supplies those from the row, and the additional data makes a mismatch fail to decrypt.
 */
export interface EncryptedSecret {
  /** Record and additional-data format version. */
  format: 1;
  /** Cipher, kept explicit so a later format can change it. */
  algorithm: 'aes-256-gcm';
  /** Version of the client's data key that encrypted it. */
  dekVersion: number;
  /** Random 96-bit nonce as base64. */
  nonce: string;
  /** Ciphertext of the JSON-encoded fields as base64. */
  ciphertext: string;
  /** 128-bit GCM authentication tag as base64. */
  tag: string;
}

/** An encrypted secret together with the credential it belongs to, as handed to and returned by a rotation. */
export interface CredentialSecret {
  /** Credential id bound into the secret's additional data. */
  credentialId: string;
  /** The stored secret. */
  secret: EncryptedSecret;
}
