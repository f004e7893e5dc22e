/**
 * Format version of secret records and of the additional data bound into them; bumped whenever the
 * encoding changes so an old record can never be read under a new interpretation.
 */
export const secretFormatVersion = 1;

/** Format version of wrapped data-key records. */
export const dataKeyFormatVersion = 1;

/** Purpose label bound into every secret's additional data, so a ciphertext made for another use never opens here. */
const secretPurpose = 'renum.vault.secret';

/** Purpose label put into the key provider's context when a data key is wrapped. */
export const dataKeyPurpose = 'renum.vault.data-key';

/**
 * Additional authenticated data for a secret: purpose, format version, client id, credential id and
 * data-key version. A JSON array is an unambiguous encoding, so no two tuples share the same bytes.
 */
export function secretAdditionalData(options: {
  clientId: string;
  credentialId: string;
  dekVersion: number;
}): Buffer {
  return Buffer.from(
    JSON.stringify([
      secretPurpose,
      secretFormatVersion,
      options.clientId,
      options.credentialId,
      options.dekVersion,
    ]),
    'utf8',
  );
}

/**
 * Context handed to the key provider when wrapping or unwrapping a client's data key (the KMS
 * "encryption context"): a wrapped key moved to another client or relabelled with another version fails to unwrap.
 */
export function dataKeyContext(options: { clientId: string; dekVersion: number }): Record<string, string> {
  return {
    purpose: dataKeyPurpose,
    format: String(dataKeyFormatVersion),
    client_id: options.clientId,
    dek_version: String(options.dekVersion),
  };
}

/**
 * Canonical bytes of a provider context together with the key-encryption-key version: keys sorted,
 * encoded as a JSON array, so equal contexts always produce equal additional data.
 */
export function contextAdditionalData(options: {
  purpose: string;
  keyVersion: string;
  context: Readonly<Record<string, string>>;
}): Buffer {
  const pairs = Object.keys(options.context)
    .sort()
    .map((name) => [name, options.context[name]]);
  return Buffer.from(JSON.stringify([options.purpose, options.keyVersion, pairs]), 'utf8');
}
