import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createVault,
  generateKeyMaterial,
  keyFileMode,
  openKeyFileProvider,
  VaultError,
} from '../src/index.ts';
import { leaks, recognisableSecret } from './fixtures.ts';

const posix = process.platform !== 'win32';

describe('key-file provider', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'renum-vault-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it.runIf(posix)('creates a 0600 keyring file (in a 0700 directory) with one 32-byte key', async () => {
    const path = join(directory, 'nested', 'vault-keys.json');
    const provider = await openKeyFileProvider({ path });
    expect(provider.created).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(keyFileMode);
    expect(keyFileMode).toBe(0o600);
    expect((await stat(join(directory, 'nested'))).mode & 0o777).toBe(0o700);
    const content = JSON.parse(await readFile(path, 'utf8'));
    expect(content).toMatchObject({ format: 1, current_version: '1' });
    expect(Object.keys(content.keys)).toEqual(['1']);
    expect(Buffer.from(content.keys['1'], 'base64')).toHaveLength(32);
  });

  it('reloads the same keys when opened again', async () => {
    const path = join(directory, 'vault-keys.json');
    const first = await openKeyFileProvider({ path });
    const before = await readFile(path, 'utf8');
    const dataKey = await createVault({ provider: first }).createDataKey({ clientId: 'client-a' });
    const secret = await createVault({ provider: first }).encryptSecret({
      dataKey,
      clientId: 'client-a',
      credentialId: 'cred-a',
      fields: { api_key: recognisableSecret },
    });

    const second = await openKeyFileProvider({ path });
    expect(second.created).toBe(false);
    expect(await readFile(path, 'utf8')).toBe(before);
    await expect(
      createVault({ provider: second }).decryptSecret({
        dataKey,
        clientId: 'client-a',
        credentialId: 'cred-a',
        secret,
      }),
    ).resolves.toEqual({ api_key: recognisableSecret });
  });

  it('lets processes opening a missing file at once share one keyring', async () => {
    const path = join(directory, 'vault-keys.json');
    const providers = await Promise.all(Array.from({ length: 8 }, () => openKeyFileProvider({ path })));
    expect(providers.filter((provider) => provider.created)).toHaveLength(1);
    const dataKey = await createVault({ provider: providers[0]! }).createDataKey({ clientId: 'client-a' });
    for (const provider of providers) {
      const result = await createVault({ provider }).rewrapDataKey({ dataKey });
      expect(result.rewrapped).toBe(false);
      await expect(
        provider.unwrapKey({
          wrapped: Buffer.from(dataKey.wrapped, 'base64'),
          keyVersion: dataKey.kekVersion,
          context: { purpose: 'renum.vault.data-key', format: '1', client_id: 'client-a', dek_version: '1' },
        }),
      ).resolves.toHaveLength(32);
    }
  });

  it.runIf(posix)('refuses a key file readable by group or others', async () => {
    const path = join(directory, 'vault-keys.json');
    await openKeyFileProvider({ path });
    await chmod(path, 0o644);
    const error = await openKeyFileProvider({ path }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VaultError);
    expect(error).toMatchObject({
      code: 'KEY_FILE_ERROR',
      message: expect.stringMatching(/0644.*chmod 600/),
    });
  });

  it('refuses a missing file when asked not to create one', async () => {
    const path = join(directory, 'absent.json');
    await expect(openKeyFileProvider({ path, create: false })).rejects.toMatchObject({
      code: 'KEY_FILE_ERROR',
      message: expect.stringContaining('ENOENT'),
    });
  });

  it('fails readably on a corrupt file without quoting its key material', async () => {
    const path = join(directory, 'vault-keys.json');
    const material = generateKeyMaterial();
    await writeFile(path, `{ "format": 1, "current_version": "1", "keys": { "1": "${material}" `, {
      mode: 0o600,
    });
    const error = await openKeyFileProvider({ path }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'INVALID_KEYRING',
      message: expect.stringContaining('not well-formed JSON'),
    });
    expect((error as Error).cause).toBeUndefined();
    expect(
      leaks(`${(error as Error).message}\n${(error as Error).stack}`, [Buffer.from(material, 'base64')]),
    ).toEqual([]);
  });

  it('fails readably on key material of the wrong size', async () => {
    const path = join(directory, 'vault-keys.json');
    const short = Buffer.alloc(16, 7).toString('base64');
    const content = { format: 1, current_version: '1', keys: { '1': short } };
    await writeFile(path, JSON.stringify(content), { mode: 0o600 });
    const error = await openKeyFileProvider({ path }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'INVALID_KEY',
      message: expect.stringContaining('16 bytes; expected exactly 32'),
    });
    expect((error as Error).message).not.toContain(short);
  });
});
