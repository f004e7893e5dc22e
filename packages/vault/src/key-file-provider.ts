import { createKeyFileIfMissing, readKeyFile } from './key-file.ts';
import type { KeyProvider } from './key-provider.ts';
import { type Keyring, parseKeyring } from './keyring.ts';
import { unwrapWithKeyring, wrapWithKeyring } from './keyring-cipher.ts';

/** Options of {@link openKeyFileProvider}. */
export interface KeyFileProviderOptions {
  /** Path of the keyring JSON file; created with mode 0600 (and its directory with 0700) when missing. */
  path: string;
  /**
   * Whether a missing file is created with one fresh key; when false a missing file is an error.
   * @defaultValue `true`
   */
  create?: boolean;
  /**
   * Minimum time between automatic reloads triggered by an unknown key version.
   * @defaultValue `1000`
   */
  reloadIntervalMs?: number;
  /**
   * Clock, injected for tests.
   * @defaultValue `() => new Date()`
   */
  now?: () => Date;
}

/** A {@link KeyProvider} backed by a key file, able to pick up versions added to the file since it opened. */
export interface KeyFileProvider extends KeyProvider {
  /** Path of the key file. */
  readonly path: string;
  /** Whether opening created the file. */
  readonly created: boolean;
  /** Re-reads the file, e.g. after a rotation made by another process; the old keyring stays if the file is invalid. */
  reload(): Promise<void>;
}

/**
 * Opens (creating if needed) a keyring file such as `.renum/vault-keys.json`, so the embedded setup runs
 * without configuration. An unwrap under a version the file did not have when read triggers one reload,
 * so data keys re-wrapped by a rotation in another process keep opening here without a restart.
 */
export async function openKeyFileProvider(options: KeyFileProviderOptions): Promise<KeyFileProvider> {
  const now = options.now ?? (() => new Date());
  const reloadIntervalMs = options.reloadIntervalMs ?? 1000;
  const created = options.create === false ? false : await createKeyFileIfMissing(options.path);
  let keyring: Keyring = parseKeyring(await readKeyFile(options.path));
  let lastReload = now().getTime();

  const reload = async () => {
    keyring = parseKeyring(await readKeyFile(options.path));
    lastReload = now().getTime();
  };

  // Concurrent unwraps of an unknown version share one reload; a file broken mid-edit is ignored so the
  // versions already loaded keep working, and the interval stops garbage versions from forcing reads.
  let reloading: Promise<void> | undefined;
  const reloadForUnknownVersion = () => {
    if (reloading === undefined && now().getTime() - lastReload >= reloadIntervalMs) {
      lastReload = now().getTime();
      reloading = reload()
        .catch((error: unknown) => {
          // The versions already loaded keep working; the operator learns why the new one is missing.
          process.emitWarning(
            `key file ${options.path} could not be reloaded: ${error instanceof Error ? error.message : String(error)}`,
            'RenumVaultWarning',
          );
        })
        .finally(() => {
          reloading = undefined;
        });
    }
    return reloading ?? Promise.resolve();
  };

  return {
    name: 'key-file',
    path: options.path,
    created,
    reload,
    currentKeyVersion: async () => keyring.currentVersion,
    wrapKey: async (wrapOptions) => wrapWithKeyring(keyring, wrapOptions),
    unwrapKey: async (unwrapOptions) => {
      if (!keyring.keys.has(unwrapOptions.keyVersion)) await reloadForUnknownVersion();
      return unwrapWithKeyring(keyring, unwrapOptions);
    },
  };
}
