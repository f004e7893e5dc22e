export { type CreateDataKeyOptions, createDataKey } from './create-data-key.ts';
export { createVault, type Vault, type VaultOptions } from './create-vault.ts';
export { createDataKeyCache, type DataKeyCache, type DataKeyCacheOptions } from './data-key-cache.ts';
export { type DecryptSecretOptions, decryptSecret } from './decrypt-secret.ts';
export { type EncryptSecretOptions, encryptSecret } from './encrypt-secret.ts';
export { addKeyFileVersion, keyFileMode, retireKeyFileVersion } from './key-file.ts';
export {
  type KeyFileProvider,
  type KeyFileProviderOptions,
  openKeyFileProvider,
} from './key-file-provider.ts';
export type {
  KeyContext,
  KeyProvider,
  UnwrapKeyOptions,
  WrapKeyOptions,
  WrappedKey,
} from './key-provider.ts';
export { generateKeyMaterial, type KeyringConfig, type KeyringKeys, keyLength } from './keyring.ts';
export { createLocalKeyProvider, type LocalKeyProviderOptions } from './local-key-provider.ts';
export { mask } from './mask.ts';
export {
  type RewrapDataKeyOptions,
  type RewrapDataKeyResult,
  rewrapDataKey,
} from './rewrap-data-key.ts';
export { type RotateDataKeyOptions, type RotateDataKeyResult, rotateDataKey } from './rotate-data-key.ts';
export { maxSecretBytes } from './secret-cipher.ts';
export type { CredentialSecret, EncryptedSecret, SecretFields, WrappedDataKey } from './stored-records.ts';
export { VaultError, type VaultErrorCode, type VaultErrorOptions, vaultErrorCodes } from './vault-error.ts';
