import type { KeyProvider } from './key-provider.ts';
import { type KeyringConfig, parseKeyring } from './keyring.ts';
import { unwrapWithKeyring, wrapWithKeyring } from './keyring-cipher.ts';

/** Options of {@link createLocalKeyProvider}. */
export interface LocalKeyProviderOptions extends KeyringConfig {
  /**
   * Label reported as {@link KeyProvider.name}.
   * @defaultValue `'local'`
   */
  name?: string;
}

/**
 * Key provider over versioned 32-byte keys given in config (e.g. `{ "1": "<base64>", "2": "<base64>" }`
 * with `currentVersion: "2"`). To rotate: add a version, make it current, re-wrap every data key, then
 * drop the old version. Throws `INVALID_KEY`/`INVALID_KEYRING` at construction for bad material.
 */
export function createLocalKeyProvider(options: LocalKeyProviderOptions): KeyProvider {
  const keyring = parseKeyring(options);
  return {
    name: options.name ?? 'local',
    currentKeyVersion: async () => keyring.currentVersion,
    wrapKey: async (wrapOptions) => wrapWithKeyring(keyring, wrapOptions),
    unwrapKey: async (unwrapOptions) => unwrapWithKeyring(keyring, unwrapOptions),
  };
}
