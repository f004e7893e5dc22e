import type { KeyObject } from 'node:crypto';
import { secretAdditionalData, secretFormatVersion } from './additional-data.ts';
import { openAesGcm, sealAesGcm } from './aes-gcm.ts';
import { encodeBase64 } from './base64.ts';
import { readEncryptedSecret } from './record-validation.ts';
import type { EncryptedSecret, SecretFields } from './stored-records.ts';
import { VaultError } from './vault-error.ts';

/** Largest accepted secret, JSON-encoded, in bytes; credentials are keys and tokens, not documents. */
export const maxSecretBytes = 64 * 1024;

/** Identifies which credential a secret belongs to; bound into its additional data. */
export interface SecretBinding {
  /** Owning client. */
  clientId: string;
  /** Credential the secret belongs to. */
  credentialId: string;
  /** Version of the client's data key. */
  dekVersion: number;
}

function encodeFields(fields: SecretFields): Buffer {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw new VaultError({ code: 'INVALID_INPUT', message: 'Secret must be an object of string fields' });
  }
  for (const [name, value] of Object.entries(fields)) {
    if (name.length === 0)
      throw new VaultError({ code: 'INVALID_INPUT', message: 'Secret field names must not be empty' });
    if (typeof value !== 'string') {
      // The field name is not echoed: a caller mixing up names and values would otherwise log a secret.
      throw new VaultError({ code: 'INVALID_INPUT', message: 'Every secret field must be a string' });
    }
  }
  const plaintext = Buffer.from(JSON.stringify(fields), 'utf8');
  if (plaintext.length > maxSecretBytes) {
    plaintext.fill(0);
    throw new VaultError({ code: 'INVALID_INPUT', message: `Secret exceeds ${maxSecretBytes} bytes` });
  }
  return plaintext;
}

/** Encrypts secret fields under an unwrapped data key, binding the credential's identity into the tag. */
export function sealSecret(options: {
  key: KeyObject;
  binding: SecretBinding;
  fields: SecretFields;
}): EncryptedSecret {
  const plaintext = encodeFields(options.fields);
  const box = sealAesGcm({
    key: options.key,
    plaintext,
    additionalData: secretAdditionalData(options.binding),
  });
  plaintext.fill(0);
  return {
    format: secretFormatVersion,
    algorithm: 'aes-256-gcm',
    dekVersion: options.binding.dekVersion,
    nonce: encodeBase64(box.nonce),
    ciphertext: encodeBase64(box.ciphertext),
    tag: encodeBase64(box.tag),
  };
}

function decryptFailed(binding: { clientId: string; credentialId: string }): VaultError {
  return new VaultError({
    code: 'DECRYPT_FAILED',
    message: `Secret of credential ${binding.credentialId} (client ${binding.clientId}) failed to decrypt: wrong key, wrong record or altered data`,
  });
}

/**
 * Decrypts a stored secret for the claimed client and credential. The data-key version comes from the
 * record and is authenticated, so a relabelled, moved or altered record fails with `DECRYPT_FAILED`.
 */
export function openSecret(options: {
  key: KeyObject;
  clientId: string;
  credentialId: string;
  secret: EncryptedSecret;
}): Record<string, string> {
  const { dekVersion, box } = readEncryptedSecret(options.secret);
  const binding = { clientId: options.clientId, credentialId: options.credentialId, dekVersion };
  const plaintext = openAesGcm({ key: options.key, box, additionalData: secretAdditionalData(binding) });
  if (plaintext === null) throw decryptFailed(binding);
  let parsed: unknown;
  try {
    parsed = JSON.parse(plaintext.toString('utf8'));
  } catch {
    // The parser's message quotes the input, which is the secret: it is deliberately dropped.
    parsed = undefined;
  } finally {
    plaintext.fill(0);
  }
  const valid =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((value) => typeof value === 'string');
  if (!valid) throw decryptFailed(binding);
  return parsed as Record<string, string>;
}
