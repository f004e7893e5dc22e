import { describe, expect, it } from 'vitest';
import {
  type CacheStore,
  createToolResultCache,
  type ToolPolicy,
  toolCacheKey,
  toolCacheKeyPrefix,
} from '../../src/index.ts';
import { sleep } from '../support/local-server.ts';

/** Makes a fresh, empty store for one test. */
export type CacheStoreFactory = () => CacheStore | Promise<CacheStore>;

const searchPolicy: ToolPolicy = { kind: 'business-api', sideEffects: false, cacheTtlMs: 60_000 };
const sendPolicy: ToolPolicy = { kind: 'messaging', sideEffects: true, cacheTtlMs: 60_000 };
const policyFor = (tool: string): ToolPolicy =>
  tool === 'send' ? sendPolicy : tool === 'short' ? { ...searchPolicy, cacheTtlMs: 40 } : searchPolicy;

/**
 * The behaviour every {@link CacheStore} must have, and the tool result cache on top of it. Run it
 * against each implementation (in memory now, Redis later) with a factory that returns an empty store.
 * Uses real time for expiry (TTLs of tens of milliseconds), so it works with a server-side TTL too.
 */
export function describeCacheStoreContract(name: string, factory: CacheStoreFactory): void {
  describe(`${name}: cache store contract`, () => {
    it('stores, replaces and misses', async () => {
      const store = await factory();
      expect(await store.get('a')).toBeUndefined();
      await store.set('a', 'one', 60_000);
      expect(await store.get('a')).toBe('one');
      await store.set('a', 'ção ✓ "quoted"', 60_000);
      expect(await store.get('a')).toBe('ção ✓ "quoted"');
    });

    it('expires entries after their TTL', async () => {
      const store = await factory();
      await store.set('short', 'x', 40);
      await store.set('long', 'y', 60_000);
      expect(await store.get('short')).toBe('x');
      await sleep(80);
      expect(await store.get('short')).toBeUndefined();
      expect(await store.get('long')).toBe('y');
    });

    it('deletes one key, a literal prefix, or everything', async () => {
      const store = await factory();
      for (const key of ['c1:t1:a', 'c1:t1:b', 'c1:t2:a', 'c2:t1:a', 'c1*:t1:a', 'c1?:x'])
        await store.set(key, 'v', 60_000);
      expect(await store.delete('c1:t2:a')).toBe(true);
      expect(await store.delete('c1:t2:a')).toBe(false);
      expect(await store.deletePrefix('c1:t1:')).toBe(2);
      expect(await store.get('c1*:t1:a')).toBe('v');
      expect(await store.deletePrefix('c1*')).toBe(1);
      expect(await store.get('c2:t1:a')).toBe('v');
      await store.clear();
      expect(await store.get('c2:t1:a')).toBeUndefined();
      expect(await store.get('c1?:x')).toBeUndefined();
    });
  });

  describe(`${name}: tool result cache`, () => {
    const setup = async () => createToolResultCache({ store: await factory(), policyFor });

    it('hits for the same client, tool and arguments in any key order, and counts hits and misses', async () => {
      const cache = await setup();
      const input = {
        clientId: 'c1',
        tool: 'search',
        args: { q: 'renum', options: { depth: 2, lang: 'pt' } },
      };
      expect(await cache.get(input)).toEqual({ hit: false });
      expect(await cache.set(input, { results: ['a', 'b'] })).toBe(true);
      const reordered = { ...input, args: { options: { lang: 'pt', depth: 2 }, q: 'renum' } };
      expect(await cache.get(reordered)).toEqual({ hit: true, value: { results: ['a', 'b'] } });
      expect(await cache.get({ ...input, args: { q: 'other' } })).toEqual({ hit: false });
      expect(await cache.get({ ...input, clientId: 'c2' })).toEqual({ hit: false });
      expect(cache.stats()).toEqual({ hits: 1, misses: 3, bypasses: 0 });
    });

    it('never caches a tool with side effects', async () => {
      const cache = await setup();
      const input = { clientId: 'c1', tool: 'send', args: { to: '+5511999999999', text: 'hi' } };
      expect(await cache.set(input, { sent: true })).toBe(false);
      let calls = 0;
      for (let index = 0; index < 2; index++) {
        expect(await cache.getOrLoad(input, async () => ({ sent: ++calls }))).toEqual({
          value: { sent: calls },
          cached: false,
        });
      }
      expect(calls).toBe(2);
      expect((await cache.get(input)).hit).toBe(false);
      expect(cache.stats()).toEqual({ hits: 0, misses: 0, bypasses: 3 });
    });

    it('loads once, shares concurrent loads, and honours cacheIf', async () => {
      const cache = await setup();
      const input = { clientId: 'c1', tool: 'search', args: { q: 'x' } };
      let calls = 0;
      const load = async () => {
        calls++;
        await sleep(20);
        return { n: calls };
      };
      const [first, second] = await Promise.all([cache.getOrLoad(input, load), cache.getOrLoad(input, load)]);
      expect(first).toEqual({ value: { n: 1 }, cached: false });
      expect(second).toEqual({ value: { n: 1 }, cached: true });
      expect(await cache.getOrLoad(input, load)).toEqual({ value: { n: 1 }, cached: true });
      expect(calls).toBe(1);

      const failing = { ...input, args: { q: 'error' } };
      await cache.getOrLoad(failing, async () => ({ error: 'upstream 500' }), {
        cacheIf: (value) => !('error' in value),
      });
      expect((await cache.get(failing)).hit).toBe(false);
    });

    it("expires results after the tool's TTL", async () => {
      const cache = await setup();
      const input = { clientId: 'c1', tool: 'short', args: {} };
      await cache.set(input, 'v');
      expect((await cache.get(input)).hit).toBe(true);
      await sleep(80);
      expect((await cache.get(input)).hit).toBe(false);
    });

    it('invalidates by client and tool, by client, or by key prefix', async () => {
      const cache = await setup();
      const put = (clientId: string, tool: string, q: string) =>
        cache.set({ clientId, tool, args: { q } }, q);
      await Promise.all([
        put('c1', 'search', 'a'),
        put('c1', 'search', 'b'),
        put('c1', 'scrape', 'a'),
        put('c2', 'search', 'a'),
      ]);
      expect(await cache.invalidate({ clientId: 'c1', tool: 'search' })).toBe(2);
      expect((await cache.get({ clientId: 'c1', tool: 'scrape', args: { q: 'a' } })).hit).toBe(true);
      expect((await cache.get({ clientId: 'c2', tool: 'search', args: { q: 'a' } })).hit).toBe(true);
      expect(await cache.invalidatePrefix(toolCacheKeyPrefix({ clientId: 'c2' }))).toBe(1);
      expect(await cache.invalidate({ clientId: 'c1' })).toBe(1);
    });

    it('keeps client and tool names from colliding through the separator', () => {
      const one = toolCacheKey({ clientId: 'a:b', tool: 'c', args: {} });
      const two = toolCacheKey({ clientId: 'a', tool: 'b:c', args: {} });
      expect(one).not.toBe(two);
      expect(one.startsWith(toolCacheKeyPrefix({ clientId: 'a:b', tool: 'c' }))).toBe(true);
    });
  });
}
