import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addKeyFileVersion,
  createLocalKeyProvider,
  createVault,
  type EncryptedSecret,
  generateKeyMaterial,
  type KeyProvider,
  openKeyFileProvider,
  retireKeyFileVersion,
  type WrappedDataKey,
} from '../src/index.ts';
import { manualClock, recognisableSecret } from './fixtures.ts';

interface Stored {
  clientId: string;
  credentialId: string;
  dataKey: WrappedDataKey;
  secret: EncryptedSecret;
}

async function storeSecrets(provider: KeyProvider): Promise<Stored[]> {
  const vault = createVault({ provider, cache: false });
  const stored: Stored[] = [];
  for (const clientId of ['client-a', 'client-b', 'client-c']) {
    const dataKey = await vault.createDataKey({ clientId });
    const credentialId = `cred-${clientId}`;
    const fields = { api_key: `${recognisableSecret}-${clientId}` };
    stored.push({
      clientId,
      credentialId,
      dataKey,
      secret: await vault.encryptSecret({ ...{ clientId, credentialId }, dataKey, fields }),
    });
  }
  return stored;
}

async function decryptAll(provider: KeyProvider, stored: readonly Stored[]) {
  const vault = createVault({ provider, cache: false });
  return Promise.all(stored.map((row) => vault.decryptSecret(row)));
}

const expected = ['client-a', 'client-b', 'client-c'].map((id) => ({
  api_key: `${recognisableSecret}-${id}`,
}));

describe('KEK rotation', () => {
  const one = generateKeyMaterial();
  const two = generateKeyMaterial();

  it('keeps old versions decrypting, re-wraps onto the new one, then lets the old one go', async () => {
    const stored = await storeSecrets(createLocalKeyProvider({ keys: { '1': one }, currentVersion: '1' }));
    const both = createLocalKeyProvider({ keys: { '1': one, '2': two }, currentVersion: '2' });
    expect(await decryptAll(both, stored)).toEqual(expected);

    const clock = manualClock(Date.parse('2026-03-01T00:00:00Z'));
    const vault = createVault({ provider: both, now: clock.now });
    const rewrapped: Stored[] = [];
    for (const row of stored) {
      const result = await vault.rewrapDataKey({ dataKey: row.dataKey });
      expect(result.rewrapped).toBe(true);
      expect(result.dataKey).toMatchObject({
        clientId: row.clientId,
        dekVersion: 1,
        kekVersion: '2',
        createdAt: row.dataKey.createdAt,
        wrappedAt: '2026-03-01T00:00:00.000Z',
      });
      expect(result.dataKey.wrapped).not.toBe(row.dataKey.wrapped);
      rewrapped.push({ ...row, dataKey: result.dataKey });
    }
    const again = await vault.rewrapDataKey({ dataKey: rewrapped[0]!.dataKey });
    expect(again).toEqual({ dataKey: rewrapped[0]!.dataKey, rewrapped: false });

    const onlyNew = createLocalKeyProvider({ keys: { '2': two }, currentVersion: '2' });
    expect(await decryptAll(onlyNew, rewrapped)).toEqual(expected);
    await expect(decryptAll(onlyNew, stored)).rejects.toMatchObject({ code: 'UNKNOWN_KEY_VERSION' });
  });

  it('wraps new data keys under the current version', async () => {
    const both = createLocalKeyProvider({ keys: { '1': one, '2': two }, currentVersion: '2' });
    const dataKey = await createVault({ provider: both }).createDataKey({ clientId: 'client-a' });
    expect(dataKey.kekVersion).toBe('2');
  });

  it('refuses to re-wrap a data key it cannot unwrap', async () => {
    const stored = await storeSecrets(createLocalKeyProvider({ keys: { '1': one }, currentVersion: '1' }));
    const wrongOne = createLocalKeyProvider({ keys: { '1': two, '2': one }, currentVersion: '2' });
    await expect(
      createVault({ provider: wrongOne }).rewrapDataKey({ dataKey: stored[0]!.dataKey }),
    ).rejects.toMatchObject({
      code: 'DECRYPT_FAILED',
    });
  });
});

describe('KEK rotation with a key file', () => {
  let directory: string | undefined;
  afterEach(async () => {
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  });

  it('is picked up by a running provider without restart, and the old version can be retired', async () => {
    directory = await mkdtemp(join(tmpdir(), 'renum-vault-'));
    const path = join(directory, 'keys.json');
    const clock = manualClock();
    const running = await openKeyFileProvider({ path, now: clock.now });
    const stored = await storeSecrets(running);

    // The rotation command runs in another process: it adds a version and re-wraps every data key.
    const { version } = await addKeyFileVersion({ path });
    expect(version).toBe('2');
    const command = await openKeyFileProvider({ path });
    expect(await command.currentKeyVersion()).toBe('2');
    const rotated: Stored[] = [];
    for (const row of stored) {
      const { dataKey } = await createVault({ provider: command }).rewrapDataKey({ dataKey: row.dataKey });
      rotated.push({ ...row, dataKey });
    }

    clock.advance(5_000);
    expect(await decryptAll(running, rotated)).toEqual(expected);
    expect(await decryptAll(running, stored)).toEqual(expected);

    await expect(retireKeyFileVersion({ path, version: '2' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await retireKeyFileVersion({ path, version: '1' });
    const afterRetirement = await openKeyFileProvider({ path });
    expect(await decryptAll(afterRetirement, rotated)).toEqual(expected);
    await expect(decryptAll(afterRetirement, stored)).rejects.toMatchObject({ code: 'UNKNOWN_KEY_VERSION' });
  });
});
