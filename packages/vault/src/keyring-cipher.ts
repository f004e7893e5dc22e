import { contextAdditionalData } from './additional-data.ts';
import { nonceLength, openAesGcm, sealAesGcm, tagLength } from './aes-gcm.ts';
import type { UnwrapKeyOptions, WrapKeyOptions, WrappedKey } from './key-provider.ts';
import type { Keyring } from './keyring.ts';
import { VaultError } from './vault-error.ts';

const wrapPurpose = 'renum.vault.kek-wrap.v1';

function assertContext(context: unknown): void {
  const valid =
    typeof context === 'object' &&
    context !== null &&
    Object.values(context).every((value) => typeof value === 'string');
  if (!valid)
    throw new VaultError({ code: 'INVALID_INPUT', message: 'Key context must map names to strings' });
}

/**
 * Wraps key bytes under the keyring's current version with AES-256-GCM; the output is
 * nonce ‖ ciphertext ‖ tag and the additional data binds the KEK version and the context.
 */
export function wrapWithKeyring(keyring: Keyring, options: WrapKeyOptions): WrappedKey {
  assertContext(options.context);
  const keyVersion = keyring.currentVersion;
  const key = keyring.keys.get(keyVersion);
  if (key === undefined) {
    throw new VaultError({
      code: 'UNKNOWN_KEY_VERSION',
      message: `Key-encryption key version ${keyVersion} is missing`,
    });
  }
  const additionalData = contextAdditionalData({
    purpose: wrapPurpose,
    keyVersion,
    context: options.context,
  });
  const box = sealAesGcm({ key, plaintext: options.plaintext, additionalData });
  return { wrapped: Buffer.concat([box.nonce, box.ciphertext, box.tag]), keyVersion };
}

/** Unwraps bytes made by {@link wrapWithKeyring}; fails without revealing which check failed. */
export function unwrapWithKeyring(keyring: Keyring, options: UnwrapKeyOptions): Buffer {
  assertContext(options.context);
  const key = keyring.keys.get(options.keyVersion);
  if (key === undefined) {
    throw new VaultError({
      code: 'UNKNOWN_KEY_VERSION',
      message: `Key-encryption key version ${JSON.stringify(String(options.keyVersion).slice(0, 40))} is not available`,
    });
  }
  const wrapped = Buffer.from(options.wrapped);
  const failed = () =>
    new VaultError({
      code: 'DECRYPT_FAILED',
      message: `Wrapped key does not open under key-encryption key version ${options.keyVersion} with the given context`,
    });
  if (wrapped.length < nonceLength + tagLength) throw failed();
  const box = {
    nonce: wrapped.subarray(0, nonceLength),
    ciphertext: wrapped.subarray(nonceLength, wrapped.length - tagLength),
    tag: wrapped.subarray(wrapped.length - tagLength),
  };
  const additionalData = contextAdditionalData({
    purpose: wrapPurpose,
    keyVersion: options.keyVersion,
    context: options.context,
  });
  const plaintext = openAesGcm({ key, box, additionalData });
  if (plaintext === null) throw failed();
  return plaintext;
}
