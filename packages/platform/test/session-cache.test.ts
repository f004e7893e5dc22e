import { describe, expect, it } from 'vitest';
import { createSessionCache, type SessionKey, type SessionState } from '../src/index.ts';

const live: SessionState = { live: true, platformRole: 'none', role: 'member', clientStatus: 'active' };
const key = (sessionId: string, userId = 'u1', clientId: string | null = 'c1'): SessionKey => ({
  sessionId,
  userId,
  clientId,
});

describe('session cache', () => {
  it('answers only for the same person and client, until the time to live', () => {
    const cache = createSessionCache({ ttlMs: 1000 });
    cache.set(key('s1'), live, { now: 0, generation: cache.generation() });
    expect(cache.get(key('s1'), 999)).toEqual(live);
    expect(cache.get(key('s1', 'u2'), 999)).toBeUndefined();
    expect(cache.get(key('s1', 'u1', null), 999)).toBeUndefined();
    expect(cache.get(key('s1'), 1000)).toBeUndefined();
  });

  it('drops a state read before an invalidation (the read may have seen the old rows)', () => {
    const cache = createSessionCache();
    const readAt = cache.generation();
    cache.forgetSession('another');
    cache.set(key('s1'), live, { now: 0, generation: readAt });
    expect(cache.get(key('s1'), 1)).toBeUndefined();
  });

  it('forgets by session, person and client', () => {
    const cache = createSessionCache();
    const fill = () => {
      for (const [sessionId, userId, clientId] of [
        ['s1', 'u1', 'c1'],
        ['s2', 'u1', 'c2'],
        ['s3', 'u2', 'c1'],
      ] as const) {
        cache.set(key(sessionId, userId, clientId), live, { now: 0, generation: cache.generation() });
      }
    };
    fill();
    cache.forgetSession('s2');
    expect([cache.get(key('s1'), 1), cache.get(key('s2', 'u1', 'c2'), 1)]).toEqual([live, undefined]);
    fill();
    cache.forgetUser('u1');
    expect(cache.size).toBe(1);
    expect(cache.get(key('s3', 'u2'), 1)).toEqual(live);
    fill();
    cache.forgetClient('c1');
    expect(cache.size).toBe(1);
    expect(cache.get(key('s2', 'u1', 'c2'), 1)).toEqual(live);
  });

  it('shares one read among concurrent misses of a session, and caches it', async () => {
    const cache = createSessionCache();
    let reads = 0;
    const read = async () => {
      reads++;
      await new Promise((resolve) => setImmediate(resolve));
      return live;
    };
    const states = await Promise.all(Array.from({ length: 20 }, () => cache.load(key('s1'), 0, read)));
    expect(states).toEqual(Array.from({ length: 20 }, () => live));
    expect(reads).toBe(1);
    await cache.load(key('s1'), 1, read);
    expect(reads).toBe(1);
    // Another person's token naming the same session is not answered by this read.
    await cache.load(key('s1', 'u2'), 1, read);
    expect(reads).toBe(2);
  });

  it('never lets a request that arrives after an invalidation join a read that began before it', async () => {
    const cache = createSessionCache();
    const revoked: SessionState = { ...live, live: false };
    let release: () => void = () => {};
    const before = cache.load(key('s1'), 0, () => new Promise((resolve) => (release = () => resolve(live))));
    cache.forgetSession('s1');
    const after = cache.load(key('s1'), 0, async () => revoked);
    release();
    expect(await before).toEqual(live);
    expect(await after).toEqual(revoked);
    // The read that raced the invalidation was not cached.
    expect(cache.get(key('s1'), 1)).toEqual(revoked);
  });

  it('holds at most maxEntries, dropping the oldest', () => {
    const cache = createSessionCache({ maxEntries: 2 });
    for (const sessionId of ['s1', 's2', 's3']) {
      cache.set(key(sessionId), live, { now: 0, generation: cache.generation() });
    }
    expect(cache.size).toBe(2);
    expect(cache.get(key('s1'), 1)).toBeUndefined();
    expect(cache.get(key('s3'), 1)).toEqual(live);
  });
});
