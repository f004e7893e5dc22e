import { describe, expect, it } from 'vitest';
import { createDataKeyCache, createVault, decryptSecret, type Vault } from '../src/index.ts';
import { manualClock, recognisableSecret, recording, singleKeyProvider } from './fixtures.ts';

async function prepared(vault: Vault, clientId = 'client-a') {
  const dataKey = await vault.createDataKey({ clientId });
  const fields = { api_key: recognisableSecret };
  const secret = await vault.encryptSecret({ dataKey, clientId, credentialId: 'cred-a', fields });
  return { dataKey, clientId, credentialId: 'cred-a', secret };
}

describe('data-key cache', () => {
  it('unwraps once per TTL on the hot path', async () => {
    const clock = manualClock();
    const provider = recording(singleKeyProvider().provider);
    const vault = createVault({ provider, cache: createDataKeyCache({ ttlMs: 60_000, now: clock.now }) });
    const input = await prepared(vault);
    vault.clearCache();
    const before = provider.unwrapCount;
    for (let index = 0; index < 100; index += 1) await vault.decryptSecret(input);
    expect(provider.unwrapCount - before).toBe(1);
    clock.advance(59_999);
    await vault.decryptSecret(input);
    expect(provider.unwrapCount - before).toBe(1);
    clock.advance(1);
    await vault.decryptSecret(input);
    expect(provider.unwrapCount - before).toBe(2);
  });

  it('shares one unwrap between concurrent callers', async () => {
    const provider = recording(singleKeyProvider().provider);
    const vault = createVault({ provider });
    const input = await prepared(vault);
    vault.clearCache();
    const before = provider.unwrapCount;
    const results = await Promise.all(Array.from({ length: 20 }, () => vault.decryptSecret(input)));
    expect(results.every((fields) => fields.api_key === recognisableSecret)).toBe(true);
    expect(provider.unwrapCount - before).toBe(1);
  });

  it('drops the least recently used key beyond its bound and forgets failures', async () => {
    const provider = recording(singleKeyProvider().provider);
    const cache = createDataKeyCache({ maxEntries: 2 });
    const vault = createVault({ provider, cache });
    const a = await prepared(vault, 'client-a');
    const b = await prepared(vault, 'client-b');
    const c = await prepared(vault, 'client-c');
    expect(cache.size).toBe(2);
    const before = provider.unwrapCount;
    await vault.decryptSecret(a);
    expect(provider.unwrapCount - before).toBe(1);
    await vault.decryptSecret(c);
    expect(provider.unwrapCount - before).toBe(1);
    await vault.decryptSecret(b);
    expect(provider.unwrapCount - before).toBe(2);

    const broken = { ...a, dataKey: { ...a.dataKey, kekVersion: '5' } };
    await expect(vault.decryptSecret(broken)).rejects.toMatchObject({ code: 'UNKNOWN_KEY_VERSION' });
    await expect(vault.decryptSecret(broken)).rejects.toMatchObject({ code: 'UNKNOWN_KEY_VERSION' });
    expect(provider.unwrapCount - before).toBe(4);
  });

  it('is off when disabled, and absent from the bare functions unless passed', async () => {
    const provider = recording(singleKeyProvider().provider);
    const vault = createVault({ provider, cache: false });
    const input = await prepared(vault);
    const before = provider.unwrapCount;
    await vault.decryptSecret(input);
    await vault.decryptSecret(input);
    await decryptSecret({ ...input, provider });
    expect(provider.unwrapCount - before).toBe(3);
  });
});
