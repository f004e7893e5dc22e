import { describe, expect, it } from 'vitest';
import { createCredentialCache } from '../src/credentials/credential-cache.ts';

const key = { clientId: 'c1', agentId: 'a1', service: 'tavily' };
const value = { credentialId: 'cred-1', fields: { api_key: 'tvly-one' } };

describe('credential cache', () => {
  it('keeps a credential until its time to live passes', () => {
    let now = 1_000;
    const cache = createCredentialCache({ ttlMs: 100, now: () => now });
    cache.set(key, value, cache.generation('c1'));
    expect(cache.get(key)).toEqual(value);
    expect(cache.get({ ...key, agentId: 'a2' })).toBeUndefined();
    expect(cache.get({ ...key, name: 'other' })).toBeUndefined();
    now += 99;
    expect(cache.get(key)).toEqual(value);
    now += 1;
    expect(cache.get(key)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('forgets a client’s entries on invalidation, and only that client’s', () => {
    const cache = createCredentialCache();
    const other = { ...key, clientId: 'c2' };
    cache.set(key, value, cache.generation('c1'));
    cache.set(other, value, cache.generation('c2'));
    cache.invalidateClient('c1');
    expect(cache.get(key)).toBeUndefined();
    expect(cache.get(other)).toEqual(value);
  });

  it('drops a value loaded before an invalidation, so a replaced secret is never cached again', () => {
    const cache = createCredentialCache();
    const generation = cache.generation('c1'); // a load starts and reads the old row…
    cache.invalidateClient('c1'); // …the credential is replaced meanwhile…
    cache.set(key, value, generation); // …and the stale value is refused.
    expect(cache.get(key)).toBeUndefined();
    cache.set(key, value, cache.generation('c1'));
    expect(cache.get(key)).toEqual(value);
  });

  it('copies and freezes what it keeps, holds at most maxEntries, and can be turned off', () => {
    const fields = { api_key: 'tvly-one' };
    const cache = createCredentialCache({ maxEntries: 2 });
    cache.set(key, { credentialId: 'x', fields }, 0);
    fields.api_key = 'changed';
    expect(cache.get(key)?.fields.api_key).toBe('tvly-one');
    expect(Object.isFrozen(cache.get(key)?.fields)).toBe(true);
    cache.set({ ...key, service: 's2' }, value, 0);
    cache.set({ ...key, service: 's3' }, value, 0);
    expect(cache.size).toBe(2);
    expect(cache.get(key)).toBeUndefined();
    const off = createCredentialCache({ ttlMs: 0 });
    off.set(key, value, 0);
    expect(off.get(key)).toBeUndefined();
  });
});
