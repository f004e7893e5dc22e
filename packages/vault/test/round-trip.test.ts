import { describe, expect, it } from 'vitest';
import { createDataKey, createVault, decryptSecret, encryptSecret } from '../src/index.ts';
import { manualClock, recognisableSecret, singleKeyProvider } from './fixtures.ts';

describe('secret round trip', () => {
  it('decrypts what it encrypted, field for field', async () => {
    const { provider } = singleKeyProvider();
    const dataKey = await createDataKey({ provider, clientId: 'client-a' });
    const fields = { api_key: recognisableSecret, account: 'ação ✓ 日本', empty: '' };
    const secret = await encryptSecret({
      provider,
      dataKey,
      clientId: 'client-a',
      credentialId: 'cred-1',
      fields,
    });
    const clear = await decryptSecret({
      provider,
      dataKey,
      clientId: 'client-a',
      credentialId: 'cred-1',
      secret,
    });
    expect(clear).toEqual(fields);
  });

  it('stores versions, a 96-bit nonce and a 128-bit tag with each record', async () => {
    const clock = manualClock();
    const vault = createVault({ provider: singleKeyProvider().provider, now: clock.now });
    const dataKey = await vault.createDataKey({ clientId: 'client-a' });
    expect(dataKey).toMatchObject({
      format: 1,
      clientId: 'client-a',
      dekVersion: 1,
      kekVersion: '1',
      createdAt: '2025-01-01T00:00:00.000Z',
      wrappedAt: '2025-01-01T00:00:00.000Z',
    });
    const secret = await vault.encryptSecret({
      dataKey,
      clientId: 'client-a',
      credentialId: 'cred-1',
      fields: { api_key: recognisableSecret },
    });
    expect(secret).toMatchObject({ format: 1, algorithm: 'aes-256-gcm', dekVersion: 1 });
    expect(Buffer.from(secret.nonce, 'base64')).toHaveLength(12);
    expect(Buffer.from(secret.tag, 'base64')).toHaveLength(16);
    expect(Buffer.from(dataKey.wrapped, 'base64').length).toBeGreaterThanOrEqual(32);
  });

  it('uses a fresh random nonce for every encryption', async () => {
    const vault = createVault({ provider: singleKeyProvider().provider });
    const dataKey = await vault.createDataKey({ clientId: 'client-a' });
    const input = {
      dataKey,
      clientId: 'client-a',
      credentialId: 'cred-1',
      fields: { api_key: recognisableSecret },
    };
    const secrets = await Promise.all(Array.from({ length: 50 }, () => vault.encryptSecret(input)));
    expect(new Set(secrets.map((secret) => secret.nonce)).size).toBe(50);
    expect(new Set(secrets.map((secret) => secret.ciphertext)).size).toBe(50);
  });

  it('gives every client its own data key', async () => {
    const { provider } = singleKeyProvider();
    const first = await createDataKey({ provider, clientId: 'client-a' });
    const second = await createDataKey({ provider, clientId: 'client-a' });
    expect(first.wrapped).not.toBe(second.wrapped);
  });

  it('refuses input it cannot store faithfully', async () => {
    const vault = createVault({ provider: singleKeyProvider().provider });
    const dataKey = await vault.createDataKey({ clientId: 'client-a' });
    const base = { dataKey, clientId: 'client-a', credentialId: 'cred-1' };
    const bad = [
      { ...base, fields: { api_key: 42 } as unknown as Record<string, string> },
      { ...base, fields: ['x'] as unknown as Record<string, string> },
      { ...base, fields: { api_key: 'x'.repeat(70_000) } },
      { ...base, credentialId: '', fields: { api_key: 'x' } },
    ];
    for (const input of bad) {
      await expect(vault.encryptSecret(input)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    await expect(vault.createDataKey({ clientId: 'client-a', dekVersion: 0 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});
