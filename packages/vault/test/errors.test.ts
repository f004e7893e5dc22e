import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { secretAdditionalData } from '../src/additional-data.ts';
import { sealAesGcm } from '../src/aes-gcm.ts';
import {
  createLocalKeyProvider,
  createVault,
  generateKeyMaterial,
  type KeyProvider,
  VaultError,
  vaultErrorCodes,
} from '../src/index.ts';
import { flipBit, leaks, recognisableSecret, recording, withSecret } from './fixtures.ts';

async function caught(action: () => Promise<unknown>): Promise<VaultError> {
  try {
    await action();
  } catch (error) {
    expect(VaultError.isInstance(error)).toBe(true);
    return error as VaultError;
  }
  throw new Error('expected a VaultError');
}

function everythingPrintable(error: VaultError): string {
  return [
    error.message,
    error.stack,
    JSON.stringify(error),
    inspect(error, { depth: 10 }),
    String(error.cause),
  ].join('\n');
}

describe('VaultError', () => {
  it('never carries the secret, the data key or the key-encryption key', async () => {
    const material = generateKeyMaterial();
    const provider = recording(createLocalKeyProvider({ keys: { '1': material }, currentVersion: '1' }));
    const vault = createVault({ provider, cache: false });
    const dataKey = await vault.createDataKey({ clientId: 'client-a' });
    const dekBytes = provider.wraps[0]!.plaintext;
    const fields = { api_key: recognisableSecret };
    const secret = await vault.encryptSecret({
      dataKey,
      clientId: 'client-a',
      credentialId: 'cred-a',
      fields,
    });
    const input = { dataKey, clientId: 'client-a', credentialId: 'cred-a', secret };

    // A box that authenticates but holds text that is not JSON: the parser's message would quote it.
    const key = (await import('node:crypto')).createSecretKey(dekBytes);
    const additionalData = secretAdditionalData({
      clientId: 'client-a',
      credentialId: 'cred-a',
      dekVersion: 1,
    });
    const box = sealAesGcm({ key, plaintext: Buffer.from(`not json ${recognisableSecret}`), additionalData });
    const notJson = withSecret(secret, {
      nonce: box.nonce.toString('base64'),
      ciphertext: box.ciphertext.toString('base64'),
      tag: box.tag.toString('base64'),
    });

    const errors = await Promise.all([
      caught(() => vault.decryptSecret({ ...input, credentialId: 'cred-b' })),
      caught(() =>
        vault.decryptSecret({ ...input, secret: withSecret(secret, { tag: flipBit(secret.tag) }) }),
      ),
      caught(() => vault.decryptSecret({ ...input, secret: notJson })),
      caught(() => vault.decryptSecret({ ...input, clientId: 'client-b' })),
      caught(() => vault.decryptSecret({ ...input, dataKey: { ...dataKey, kekVersion: '9' } })),
      caught(() =>
        vault.encryptSecret({ ...input, fields: { [recognisableSecret]: 1 as unknown as string } }),
      ),
      caught(() => vault.encryptSecret({ ...input, fields: { api_key: recognisableSecret.repeat(3000) } })),
      caught(async () => createLocalKeyProvider({ keys: { '1': material.slice(4) }, currentVersion: '1' })),
    ]);
    expect(errors.map((error) => error.code)).toEqual([
      'DECRYPT_FAILED',
      'DECRYPT_FAILED',
      'DECRYPT_FAILED',
      'KEY_MISMATCH',
      'UNKNOWN_KEY_VERSION',
      'INVALID_INPUT',
      'INVALID_INPUT',
      'INVALID_KEY',
    ]);
    for (const error of errors) {
      expect(vaultErrorCodes).toContain(error.code);
      const text = everythingPrintable(error);
      expect(leaks(text, [recognisableSecret, dekBytes, Buffer.from(material, 'base64')])).toEqual([]);
      expect(text).not.toContain(material.slice(4, 24));
    }
  });

  it('wraps a failing provider as retryable, naming only the provider', async () => {
    const failing: KeyProvider = {
      name: 'flaky-kms',
      currentKeyVersion: async () => '1',
      wrapKey: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:1');
      },
      unwrapKey: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:1');
      },
    };
    const error = await caught(() =>
      createVault({ provider: failing }).createDataKey({ clientId: 'client-a' }),
    );
    expect(error).toMatchObject({ code: 'KEY_PROVIDER_FAILED', isRetryable: true });
    expect(error.message).toBe('Key provider flaky-kms failed to wrap a data key');
    expect(new VaultError({ code: 'DECRYPT_FAILED', message: 'x' }).isRetryable).toBe(false);
    expect(VaultError.isInstance(new Error('x'))).toBe(false);
  });
});
