import { nonceLength, type SealedBox, tagLength } from './aes-gcm.ts';
import { decodeBase64 } from './base64.ts';
import type { EncryptedSecret, WrappedDataKey } from './stored-records.ts';
import { VaultError } from './vault-error.ts';

function invalid(what: string, reason: string): VaultError {
  return new VaultError({ code: 'INVALID_RECORD', message: `Stored ${what} is malformed: ${reason}` });
}

/** Whether `value` is a usable data-key version: a positive safe integer. */
export function isDataKeyVersion(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** Throws `INVALID_INPUT` unless `value` is a non-empty string id. */
export function assertId(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new VaultError({ code: 'INVALID_INPUT', message: `${name} must be a non-empty string` });
  }
}

/** Checks a stored secret's shape and decodes its parts; never reports the bytes themselves. */
export function readEncryptedSecret(secret: EncryptedSecret): { dekVersion: number; box: SealedBox } {
  if (typeof secret !== 'object' || secret === null) throw invalid('secret', 'not an object');
  if (secret.format !== 1) throw invalid('secret', 'unsupported format');
  if (secret.algorithm !== 'aes-256-gcm') throw invalid('secret', 'unsupported algorithm');
  if (!isDataKeyVersion(secret.dekVersion)) throw invalid('secret', 'dekVersion is not a positive integer');
  const nonce = decodeBase64(secret.nonce);
  const ciphertext = decodeBase64(secret.ciphertext);
  const tag = decodeBase64(secret.tag);
  if (nonce === null || nonce.length !== nonceLength)
    throw invalid('secret', `nonce must be ${nonceLength} bytes`);
  if (tag === null || tag.length !== tagLength) throw invalid('secret', `tag must be ${tagLength} bytes`);
  if (ciphertext === null) throw invalid('secret', 'ciphertext is not base64');
  return { dekVersion: secret.dekVersion, box: { nonce, ciphertext, tag } };
}

/** Checks a stored data key's shape and decodes its wrapped bytes. */
export function readWrappedDataKey(dataKey: WrappedDataKey): Buffer {
  if (typeof dataKey !== 'object' || dataKey === null) throw invalid('data key', 'not an object');
  if (dataKey.format !== 1) throw invalid('data key', 'unsupported format');
  if (typeof dataKey.clientId !== 'string' || dataKey.clientId.length === 0) {
    throw invalid('data key', 'clientId is missing');
  }
  if (!isDataKeyVersion(dataKey.dekVersion))
    throw invalid('data key', 'dekVersion is not a positive integer');
  if (typeof dataKey.kekVersion !== 'string' || dataKey.kekVersion.length === 0) {
    throw invalid('data key', 'kekVersion is missing');
  }
  const wrapped = decodeBase64(dataKey.wrapped);
  if (wrapped === null || wrapped.length === 0) throw invalid('data key', 'wrapped is not base64');
  return wrapped;
}

/**
 * Throws `KEY_MISMATCH` when a data key belongs to another client than claimed, and
 * `UNKNOWN_KEY_VERSION` when a secret names another data-key version than the one given.
 */
export function assertDataKeyMatches(options: {
  dataKey: WrappedDataKey;
  clientId: string;
  dekVersion?: number;
}): void {
  const { dataKey, clientId, dekVersion } = options;
  if (dataKey.clientId !== clientId) {
    throw new VaultError({
      code: 'KEY_MISMATCH',
      message: `Data key belongs to client ${dataKey.clientId}, not to client ${clientId}`,
    });
  }
  if (dekVersion !== undefined && dataKey.dekVersion !== dekVersion) {
    throw new VaultError({
      code: 'UNKNOWN_KEY_VERSION',
      message: `Secret was encrypted under data key version ${dekVersion} of client ${clientId}, but version ${dataKey.dekVersion} was given`,
    });
  }
}
