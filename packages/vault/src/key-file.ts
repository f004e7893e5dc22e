import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { generateKeyMaterial, isKeyringVersion, type KeyringConfig, parseKeyring } from './keyring.ts';
import { VaultError } from './vault-error.ts';

/** Format number written into key files; files with another number are refused. */
const keyFileFormat = 1;

/** Permission bits of a key file: read and write for its owner only. */
export const keyFileMode = 0o600;

/** On-disk shape of a key file (snake_case like every other JSON the platform writes). */
interface KeyFileContent {
  format: number;
  current_version: string;
  keys: Record<string, string>;
}

function fileError(path: string, action: string, cause: unknown): VaultError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  return new VaultError({
    code: 'KEY_FILE_ERROR',
    message: `Could not ${action} key file ${path}${code === undefined ? '' : ` (${code})`}`,
    cause,
  });
}

function invalidFile(path: string, reason: string): VaultError {
  return new VaultError({
    code: 'INVALID_KEYRING',
    message: `Key file ${path} is not a valid keyring: ${reason}`,
  });
}

/**
 * Reads and validates a key file, refusing one readable by group or others. The JSON parser's own
 * message is dropped because it quotes the file's text, which holds key material.
 */
export async function readKeyFile(path: string): Promise<KeyringConfig> {
  let text: string;
  try {
    const info = await stat(path);
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
      throw new VaultError({
        code: 'KEY_FILE_ERROR',
        message: `Key file ${path} has permissions ${mode}; it must be readable by its owner only (chmod 600)`,
      });
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (VaultError.isInstance(error)) throw error;
    throw fileError(path, 'read', error);
  }
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch {
    throw invalidFile(path, 'it is not well-formed JSON');
  }
  if (typeof content !== 'object' || content === null) throw invalidFile(path, 'it is not a JSON object');
  const { format, current_version: currentVersion, keys } = content as Partial<KeyFileContent>;
  if (format !== keyFileFormat) throw invalidFile(path, `"format" must be ${keyFileFormat}`);
  if (typeof currentVersion !== 'string') throw invalidFile(path, '"current_version" must be a string');
  if (typeof keys !== 'object' || keys === null) throw invalidFile(path, '"keys" must be an object');
  const config = { keys, currentVersion };
  parseKeyring(config);
  return config;
}

function serialise(config: { keys: Record<string, string>; currentVersion: string }): string {
  const content: KeyFileContent = {
    format: keyFileFormat,
    current_version: config.currentVersion,
    keys: config.keys,
  };
  return `${JSON.stringify(content, null, 2)}\n`;
}

function temporaryPath(path: string): string {
  return `${path}.${randomBytes(6).toString('hex')}.tmp`;
}

async function writeTemporary(path: string, text: string): Promise<string> {
  const temporary = temporaryPath(path);
  await writeFile(temporary, text, { mode: keyFileMode, flag: 'wx' });
  await chmod(temporary, keyFileMode);
  return temporary;
}

/**
 * Creates a key file holding one fresh key (version 1) unless one exists; returns whether it created it.
 * The file appears atomically (hard link of a complete temporary file), so two processes starting at
 * once end up sharing one keyring instead of overwriting each other's.
 */
export async function createKeyFileIfMissing(path: string): Promise<boolean> {
  const text = serialise({ keys: { '1': generateKeyMaterial() }, currentVersion: '1' });
  let temporary: string | undefined;
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    temporary = await writeTemporary(path, text);
    await link(temporary, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') return createWithoutLink(path, text);
    throw fileError(path, 'create', error);
  } finally {
    if (temporary !== undefined) await unlink(temporary).catch(warnLeftover(temporary));
  }
}

/** Fallback for file systems without hard links: exclusive create, still never overwriting. */
async function createWithoutLink(path: string, text: string): Promise<boolean> {
  try {
    await writeFile(path, text, { mode: keyFileMode, flag: 'wx' });
    await chmod(path, keyFileMode);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw fileError(path, 'create', error);
  }
}

async function replaceKeyFile(
  path: string,
  config: { keys: Record<string, string>; currentVersion: string },
) {
  parseKeyring(config);
  let temporary: string | undefined;
  try {
    temporary = await writeTemporary(path, serialise(config));
    await rename(temporary, path);
    temporary = undefined;
  } catch (error) {
    throw fileError(path, 'write', error);
  } finally {
    if (temporary !== undefined) await unlink(temporary).catch(warnLeftover(temporary));
  }
}

async function readStringKeys(
  path: string,
): Promise<{ keys: Record<string, string>; currentVersion: string }> {
  const config = await readKeyFile(path);
  const keys: Record<string, string> = {};
  for (const [version, material] of Object.entries(config.keys)) {
    keys[version] = typeof material === 'string' ? material : Buffer.from(material).toString('base64');
  }
  return { keys, currentVersion: String(config.currentVersion) };
}

/**
 * Adds a fresh key to a key file under the next version number and makes it current, the first step
 * of a KEK rotation; existing versions stay so that data keys wrapped under them keep unwrapping.
 */
export async function addKeyFileVersion(options: { path: string }): Promise<{ version: string }> {
  const config = await readStringKeys(options.path);
  const next = Math.max(...Object.keys(config.keys).map(Number)) + 1;
  const version = String(next);
  config.keys[version] = generateKeyMaterial();
  await replaceKeyFile(options.path, { keys: config.keys, currentVersion: version });
  return { version };
}

/**
 * Removes a retired version from a key file, the last step of a KEK rotation, once no data key is
 * wrapped under it any more. The current version cannot be retired.
 */
export async function retireKeyFileVersion(options: { path: string; version: string }): Promise<void> {
  const config = await readStringKeys(options.path);
  const shown = isKeyringVersion(options.version) ? options.version : '(invalid)';
  if (!(options.version in config.keys)) {
    throw new VaultError({ code: 'UNKNOWN_KEY_VERSION', message: `Key file has no version ${shown}` });
  }
  if (options.version === config.currentVersion) {
    throw new VaultError({
      code: 'INVALID_INPUT',
      message: `Version ${shown} is current and cannot be retired`,
    });
  }
  delete config.keys[options.version];
  await replaceKeyFile(options.path, config);
}

/** A temporary copy of key material that could not be removed is reported, so an operator can delete it. */
function warnLeftover(temporary: string) {
  return (error: unknown) =>
    process.emitWarning(
      `temporary key file ${temporary} was left behind: ${error instanceof Error ? error.message : String(error)}`,
      'RenumVaultWarning',
    );
}
