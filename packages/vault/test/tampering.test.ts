import { describe, expect, it } from 'vitest';
import {
  createDataKeyCache,
  createLocalKeyProvider,
  createVault,
  type EncryptedSecret,
  generateKeyMaterial,
  type Vault,
  type WrappedDataKey,
} from '../src/index.ts';
import {
  flipBit,
  forgeDataKey,
  type RecordingProvider,
  recognisableSecret,
  recording,
  withSecret,
} from './fixtures.ts';

interface Setup {
  vault: Vault;
  provider: RecordingProvider;
  dataKey: WrappedDataKey;
  dekBytes: Buffer;
  secret: EncryptedSecret;
}

async function setup(): Promise<Setup> {
  // Versions 1 and 2 hold the same key bytes, so only the version binding can tell them apart.
  const material = generateKeyMaterial();
  const provider = recording(
    createLocalKeyProvider({ keys: { '1': material, '2': material }, currentVersion: '1' }),
  );
  const vault = createVault({ provider, cache: false });
  const dataKey = await vault.createDataKey({ clientId: 'client-a' });
  const dekBytes = provider.wraps[0]!.plaintext;
  const secret = await vault.encryptSecret({
    dataKey,
    clientId: 'client-a',
    credentialId: 'cred-a',
    fields: { api_key: recognisableSecret },
  });
  return { vault, provider, dataKey, dekBytes, secret };
}

describe('decryption refuses', () => {
  it('binds client and data-key version into the wrap context', async () => {
    const { provider } = await setup();
    expect(provider.wraps[0]!.context).toMatchObject({ client_id: 'client-a', dek_version: '1' });
  });

  it("another client's additional data, even with the right key bytes", async () => {
    const { vault, provider, dataKey, dekBytes, secret } = await setup();
    const forged = await forgeDataKey({
      provider,
      template: dataKey,
      plaintext: dekBytes,
      clientId: 'client-b',
    });
    await expect(
      vault.decryptSecret({ dataKey: forged, clientId: 'client-b', credentialId: 'cred-a', secret }),
    ).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it("another client's data key", async () => {
    const { vault, dataKey, secret } = await setup();
    await expect(
      vault.decryptSecret({ dataKey, clientId: 'client-b', credentialId: 'cred-a', secret }),
    ).rejects.toMatchObject({ code: 'KEY_MISMATCH' });
  });

  it('a wrapped data key moved to another client', async () => {
    const { vault, dataKey, secret } = await setup();
    const moved = { ...dataKey, clientId: 'client-b' };
    await expect(
      vault.decryptSecret({ dataKey: moved, clientId: 'client-b', credentialId: 'cred-a', secret }),
    ).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it("a swapped record: credential A's ciphertext presented as credential B", async () => {
    const { vault, dataKey, secret } = await setup();
    const secretB = await vault.encryptSecret({
      dataKey,
      clientId: 'client-a',
      credentialId: 'cred-b',
      fields: { api_key: 'other' },
    });
    await expect(
      vault.decryptSecret({ dataKey, clientId: 'client-a', credentialId: 'cred-b', secret: secretB }),
    ).resolves.toEqual({ api_key: 'other' });
    await expect(
      vault.decryptSecret({ dataKey, clientId: 'client-a', credentialId: 'cred-b', secret }),
    ).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it.each([
    ['tag', 'tag'],
    ['ciphertext', 'ciphertext'],
    ['nonce', 'nonce'],
  ] as const)('a tampered %s', async (_label, field) => {
    const { vault, dataKey, secret } = await setup();
    for (const byteIndex of [0, 5, 11]) {
      const tampered = withSecret(secret, { [field]: flipBit(secret[field], byteIndex) });
      await expect(
        vault.decryptSecret({ dataKey, clientId: 'client-a', credentialId: 'cred-a', secret: tampered }),
      ).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    }
  });

  it('a truncated tag or nonce', async () => {
    const { vault, dataKey, secret } = await setup();
    const shortTag = Buffer.from(secret.tag, 'base64').subarray(0, 4).toString('base64');
    const shortNonce = Buffer.from(secret.nonce, 'base64').subarray(0, 8).toString('base64');
    for (const tampered of [
      withSecret(secret, { tag: shortTag }),
      withSecret(secret, { nonce: shortNonce }),
    ]) {
      await expect(
        vault.decryptSecret({ dataKey, clientId: 'client-a', credentialId: 'cred-a', secret: tampered }),
      ).rejects.toMatchObject({ code: 'INVALID_RECORD' });
    }
  });

  it('a secret relabelled with another data-key version, even when that version holds the same bytes', async () => {
    const { vault, provider, dataKey, dekBytes, secret } = await setup();
    const forged = await forgeDataKey({ provider, template: dataKey, plaintext: dekBytes, dekVersion: 2 });
    const relabelled = withSecret(secret, { dekVersion: 2 });
    await expect(
      vault.decryptSecret({
        dataKey: forged,
        clientId: 'client-a',
        credentialId: 'cred-a',
        secret: relabelled,
      }),
    ).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it('a data key of another version than the secret names', async () => {
    const { vault, secret } = await setup();
    const other = await vault.createDataKey({ clientId: 'client-a', dekVersion: 2 });
    await expect(
      vault.decryptSecret({ dataKey: other, clientId: 'client-a', credentialId: 'cred-a', secret }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_KEY_VERSION' });
  });

  it('a data key relabelled with another data-key version', async () => {
    const { vault, dataKey, secret } = await setup();
    const relabelled = { ...dataKey, dekVersion: 2 };
    await expect(
      vault.decryptSecret({
        dataKey: relabelled,
        clientId: 'client-a',
        credentialId: 'cred-a',
        secret: withSecret(secret, { dekVersion: 2 }),
      }),
    ).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it('a data key relabelled with another KEK version holding the same bytes', async () => {
    const { vault, dataKey, secret } = await setup();
    const relabelled = { ...dataKey, kekVersion: '2' };
    await expect(
      vault.decryptSecret({ dataKey: relabelled, clientId: 'client-a', credentialId: 'cred-a', secret }),
    ).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it('a data key under a KEK version the provider does not have', async () => {
    const { vault, dataKey, secret } = await setup();
    const unknown = { ...dataKey, kekVersion: '7' };
    await expect(
      vault.decryptSecret({ dataKey: unknown, clientId: 'client-a', credentialId: 'cred-a', secret }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_KEY_VERSION' });
  });

  it('a tampered wrapped data key, even while the genuine one is cached', async () => {
    const { provider, dataKey, secret } = await setup();
    const vault = createVault({ provider, cache: createDataKeyCache() });
    const input = { dataKey, clientId: 'client-a', credentialId: 'cred-a', secret };
    await expect(vault.decryptSecret(input)).resolves.toEqual({ api_key: recognisableSecret });
    const tampered = { ...dataKey, wrapped: flipBit(dataKey.wrapped, 20) };
    await expect(vault.decryptSecret({ ...input, dataKey: tampered })).rejects.toMatchObject({
      code: 'DECRYPT_FAILED',
    });
  });
});
