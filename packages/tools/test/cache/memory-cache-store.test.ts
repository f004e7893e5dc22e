import { describe, expect, it } from 'vitest';
import { createMemoryCacheStore } from '../../src/index.ts';
import { describeCacheStoreContract } from './cache-store-contract.ts';

describeCacheStoreContract('memory', () => createMemoryCacheStore());

describe('memory cache store', () => {
  it('evicts the least recently used entries to stay within its byte budget', async () => {
    // Each entry: (1-char key + 9-char value) * 2 = 20 bytes; the budget holds three.
    const store = createMemoryCacheStore({ maxBytes: 60, maxEntryBytes: 60 });
    await store.set('a', 'aaaaaaaaa', 1_000);
    await store.set('b', 'bbbbbbbbb', 1_000);
    await store.set('c', 'ccccccccc', 1_000);
    await store.get('a');
    await store.set('d', 'ddddddddd', 1_000);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBe('aaaaaaaaa');
    expect(store.entries).toBe(3);
    expect(store.bytes).toBe(60);
  });

  it('refuses entries larger than the per-entry limit', async () => {
    const store = createMemoryCacheStore({ maxBytes: 1_000, maxEntryBytes: 100 });
    await store.set('big', 'x'.repeat(100), 1_000);
    expect(await store.get('big')).toBeUndefined();
    expect(store.bytes).toBe(0);
  });

  it('expires on the injected clock', async () => {
    let now = 1_000;
    const store = createMemoryCacheStore({ now: () => now });
    await store.set('k', 'v', 500);
    now = 1_499;
    expect(await store.get('k')).toBe('v');
    now = 1_500;
    expect(await store.get('k')).toBeUndefined();
    expect(store.entries).toBe(0);
  });
});
