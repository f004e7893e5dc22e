import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { decodeBase64, encodeBase64 } from './base64.ts';
import { VaultError } from './vault-error.ts';

/** Length in bytes of every key-encryption key and data key (AES-256). */
export const keyLength = 32;

const versionPattern = /^[1-9][0-9]{0,8}$/;

/** Versioned key-encryption keys as they appear in config: base64 strings (or raw bytes) by version. */
export type KeyringKeys = Readonly<Record<string, string | Uint8Array>>;

/** Keyring as given in config: every version's key and the version new wraps use. */
export interface KeyringConfig {
  /** Keys by version (`"1"`, `"2"`, ...); each decodes to exactly 32 bytes. */
  keys: KeyringKeys;
  /** Version used for new wraps; must be one of `keys`. */
  currentVersion: string | number;
}

/** Validated keyring: keys held as `KeyObject`s, which print and serialise without their bytes. */
export interface Keyring {
  /** Version used for new wraps. */
  readonly currentVersion: string;
  /** Keys by version. */
  readonly keys: ReadonlyMap<string, KeyObject>;
}

/** Generates fresh key material for a keyring entry: 32 random bytes as base64. */
export function generateKeyMaterial(): string {
  return encodeBase64(randomBytes(keyLength));
}

/** Whether `version` is a valid keyring version: a positive integer written in decimal. */
export function isKeyringVersion(version: string): boolean {
  return versionPattern.test(version);
}

function toKeyBytes(version: string, material: string | Uint8Array): Buffer {
  const bytes = typeof material === 'string' ? decodeBase64(material.trim()) : Buffer.from(material);
  if (bytes === null) {
    throw new VaultError({
      code: 'INVALID_KEY',
      message: `Key-encryption key version ${version} is not valid base64; expected ${keyLength} random bytes encoded as base64`,
    });
  }
  if (bytes.length !== keyLength) {
    throw new VaultError({
      code: 'INVALID_KEY',
      message: `Key-encryption key version ${version} decodes to ${bytes.length} bytes; expected exactly ${keyLength}`,
    });
  }
  if (bytes.every((byte) => byte === bytes[0])) {
    throw new VaultError({
      code: 'INVALID_KEY',
      message: `Key-encryption key version ${version} repeats a single byte; generate ${keyLength} random bytes instead`,
    });
  }
  return bytes;
}

/**
 * Validates a keyring from config, failing with a readable `INVALID_KEY` or `INVALID_KEYRING` error
 * that names the offending version but never echoes key material.
 */
export function parseKeyring(config: KeyringConfig): Keyring {
  if (
    typeof config !== 'object' ||
    config === null ||
    typeof config.keys !== 'object' ||
    config.keys === null
  ) {
    throw new VaultError({ code: 'INVALID_KEYRING', message: 'Keyring must be an object with a "keys" map' });
  }
  const keys = new Map<string, KeyObject>();
  for (const [index, [version, material]] of Object.entries(config.keys).entries()) {
    if (!isKeyringVersion(version)) {
      // The bad name is not echoed: a misplaced key could sit where the version belongs.
      throw new VaultError({
        code: 'INVALID_KEYRING',
        message: `Keyring entry ${index + 1} is named with something other than a positive integer version ("1", "2", ...)`,
      });
    }
    if (typeof material !== 'string' && !(material instanceof Uint8Array)) {
      throw new VaultError({
        code: 'INVALID_KEY',
        message: `Key-encryption key version ${version} is not a string`,
      });
    }
    const bytes = toKeyBytes(version, material);
    keys.set(version, createSecretKey(bytes));
    bytes.fill(0);
  }
  if (keys.size === 0) {
    throw new VaultError({ code: 'INVALID_KEYRING', message: 'Keyring holds no keys' });
  }
  const currentVersion = String(config.currentVersion);
  if (!keys.has(currentVersion)) {
    const shown = isKeyringVersion(currentVersion) ? ` ${currentVersion}` : '';
    throw new VaultError({
      code: 'INVALID_KEYRING',
      message: `Keyring current version${shown} is not among its versions (${[...keys.keys()].join(', ')})`,
    });
  }
  return { currentVersion, keys };
}
