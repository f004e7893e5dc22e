import { describe, expect, it } from 'vitest';
import { createLocalKeyProvider, generateKeyMaterial, type KeyringConfig, VaultError } from '../src/index.ts';
import { leaks } from './fixtures.ts';

function failure(config: KeyringConfig): VaultError {
  try {
    createLocalKeyProvider(config);
  } catch (error) {
    if (VaultError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the keyring to be refused');
}

describe('local key provider', () => {
  const good = generateKeyMaterial();

  it.each([
    [
      'not base64',
      { keys: { '1': 'this is not base64!!' }, currentVersion: '1' },
      'INVALID_KEY',
      /not valid base64/,
    ],
    [
      '16 bytes',
      { keys: { '1': Buffer.alloc(16, 3).toString('base64') }, currentVersion: '1' },
      'INVALID_KEY',
      /16 bytes/,
    ],
    [
      '33 bytes',
      { keys: { '1': Buffer.alloc(33, 3).toString('base64') }, currentVersion: '1' },
      'INVALID_KEY',
      /33 bytes/,
    ],
    [
      'all zero',
      { keys: { '1': Buffer.alloc(32).toString('base64') }, currentVersion: '1' },
      'INVALID_KEY',
      /single byte/,
    ],
    ['no keys', { keys: {}, currentVersion: '1' }, 'INVALID_KEYRING', /no keys/],
    ['missing current', { keys: { '1': good }, currentVersion: '2' }, 'INVALID_KEYRING', /current version 2/],
    ['bad version name', { keys: { v1: good }, currentVersion: 'v1' }, 'INVALID_KEYRING', /positive integer/],
  ] as const)('refuses %s with a readable error', (_label, config, code, message) => {
    const error = failure(config as KeyringConfig);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('never echoes key material, even when it is put where a version belongs', () => {
    const misplaced = failure({ keys: { [good]: good }, currentVersion: good });
    const wrongSize = failure({ keys: { '1': Buffer.alloc(31, 9).toString('base64') }, currentVersion: '1' });
    for (const error of [misplaced, wrongSize]) {
      expect(
        leaks(`${error.message}\n${error.stack}`, [Buffer.from(good, 'base64'), Buffer.alloc(31, 9)]),
      ).toEqual([]);
      expect(error.message).not.toContain(good.slice(0, 8));
    }
  });

  it('accepts base64url, raw bytes and a numeric current version', async () => {
    const bytes = Buffer.from(good, 'base64');
    const provider = createLocalKeyProvider({
      keys: { '1': bytes.toString('base64url'), '2': bytes },
      currentVersion: 2,
    });
    expect(await provider.currentKeyVersion()).toBe('2');
  });

  it('unwraps only under the same context and version', async () => {
    const provider = createLocalKeyProvider({ keys: { '1': good, '2': good }, currentVersion: '1' });
    const plaintext = Buffer.alloc(32, 5);
    const context = { client_id: 'client-a', dek_version: '1' };
    const { wrapped, keyVersion } = await provider.wrapKey({ plaintext, context });
    expect(keyVersion).toBe('1');
    expect(Buffer.from(wrapped).includes(plaintext)).toBe(false);
    await expect(provider.unwrapKey({ wrapped, keyVersion, context })).resolves.toEqual(plaintext);
    await expect(
      provider.unwrapKey({ wrapped, keyVersion, context: { ...context, client_id: 'client-b' } }),
    ).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    await expect(provider.unwrapKey({ wrapped, keyVersion: '2', context })).rejects.toMatchObject({
      code: 'DECRYPT_FAILED',
    });
    await expect(provider.unwrapKey({ wrapped, keyVersion: '3', context })).rejects.toMatchObject({
      code: 'UNKNOWN_KEY_VERSION',
    });
    await expect(
      provider.unwrapKey({ wrapped: Buffer.from(wrapped).subarray(0, 20), keyVersion, context }),
    ).rejects.toMatchObject({
      code: 'DECRYPT_FAILED',
    });
  });

  it('holds no key bytes in anything that could be printed or serialised', async () => {
    const provider = createLocalKeyProvider({ keys: { '1': good }, currentVersion: '1' });
    const { inspect } = await import('node:util');
    const text = `${JSON.stringify(provider)}\n${inspect(provider, { depth: 10, showHidden: true })}`;
    expect(leaks(text, [Buffer.from(good, 'base64')])).toEqual([]);
  });
});
