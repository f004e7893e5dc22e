import { testRedis } from '@renum/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CacheStore, createMemoryCacheStore, createRedisCacheStore } from '../../src/index.ts';
import { sleep } from '../support/local-server.ts';
import { describeCacheStoreContract } from './cache-store-contract.ts';

const redis = testRedis();
const connections: Redis[] = [];
const connect = () => {
  const connection = new Redis(redis.url!, { maxRetriesPerRequest: 1 });
  connections.push(connection);
  return connection;
};

afterAll(async () => {
  await Promise.all(connections.splice(0).map((connection) => connection.quit()));
});

describe.skipIf(redis.skipReason !== null)('redis cache store', () => {
  let shared: Redis;
  beforeAll(() => {
    shared = connect();
  });

  // Each test gets an empty store: a fresh prefix on the suite's connection.
  describeCacheStoreContract('redis', () =>
    createRedisCacheStore({ redis: shared, prefix: redis.prefix('cache') }),
  );

  it('does not cache entries above the size limit', async () => {
    const store = createRedisCacheStore({ redis: shared, prefix: redis.prefix('cache'), maxEntryBytes: 100 });
    await store.set('big', 'small', 60_000);
    await store.set('big', 'x'.repeat(100), 60_000);
    expect(await store.get('big')).toBeUndefined();
  });

  it('removes only its own keys on clear', async () => {
    const prefix = redis.prefix('cache');
    const mine = createRedisCacheStore({ redis: shared, prefix: `${prefix}mine:` });
    const theirs = createRedisCacheStore({ redis: shared, prefix: `${prefix}mine*:` });
    await mine.set('k', 'v', 60_000);
    await theirs.set('k', 'w', 60_000);
    await mine.clear();
    expect(await mine.get('k')).toBeUndefined();
    expect(await theirs.get('k')).toBe('w');
  });
});

// Two processes of one deployment: in memory that is one store; on Redis two stores, each on its
// own connection, under one prefix.
const targets: { name: string; skipReason: string | null; open: () => { a: CacheStore; b: CacheStore } }[] = [
  {
    name: 'memory',
    skipReason: null,
    open: () => {
      const store = createMemoryCacheStore();
      return { a: store, b: store };
    },
  },
  {
    name: 'redis',
    skipReason: redis.skipReason,
    open: () => {
      const prefix = redis.prefix('cache-shared');
      return {
        a: createRedisCacheStore({ redis: connect(), prefix }),
        b: createRedisCacheStore({ redis: connect(), prefix }),
      };
    },
  },
];

for (const target of targets) {
  describe.skipIf(target.skipReason !== null)(`cache store shared by processes (${target.name})`, () => {
    it("serves one process's entries to the other until their TTL passes", async () => {
      const { a, b } = target.open();
      await a.set('c1:search:x', '{"hits":1}', 60);
      await a.set('c1:search:y', '{"hits":2}', 60_000);
      expect(await b.get('c1:search:x')).toBe('{"hits":1}');
      await sleep(100);
      expect(await b.get('c1:search:x')).toBeUndefined();
      expect(await b.get('c1:search:y')).toBe('{"hits":2}');
    });

    it('removes a prefix for every process when one invalidates it', async () => {
      const { a, b } = target.open();
      await a.set('c1:search:x', 'v', 60_000);
      await b.set('c1:search:y', 'v', 60_000);
      await a.set('c1:scrape:x', 'v', 60_000);
      expect(await b.deletePrefix('c1:search:')).toBe(2);
      expect(await a.get('c1:search:x')).toBeUndefined();
      expect(await a.get('c1:search:y')).toBeUndefined();
      expect(await a.get('c1:scrape:x')).toBe('v');
      expect(await a.delete('c1:scrape:x')).toBe(true);
      expect(await b.get('c1:scrape:x')).toBeUndefined();
    });
  });
}
