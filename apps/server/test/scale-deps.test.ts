import type { Config } from '@renum/config';
import { type RunEvent, stampRunEvent } from '@renum/contracts';
import { testDatabaseTargets, testRedis } from '@renum/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openScaleDeps, type ScaleDeps } from '../src/scale-deps.ts';
import { createTestApp, type TestApp } from './test-app.ts';

const redis = testRedis();
const logger = pino({ level: 'silent' });
const config = (redisUrl: string | undefined, redisPrefix = 'renum'): Pick<Config, 'scale' | 'vault'> =>
  ({
    scale: { redisUrl, redisPrefix, role: 'all' },
    vault: { credentialCacheTtlMs: 10_000 },
  }) as Pick<Config, 'scale' | 'vault'>;

describe('shared state without REDIS_URL', () => {
  it('stays in this process, as the server always had it', async () => {
    const scale = await openScaleDeps({ config: config(undefined), logger });
    expect(scale.mode).toBe('memory');
    expect(scale.toolCacheStore).toBeUndefined();
    expect(scale.breakerSharing).toBeUndefined();
    const seen: number[] = [];
    await scale.bus.subscribe('s', (event) => seen.push(event.seq));
    await scale.bus.publish('s', { seq: 1 } as RunEvent);
    expect(seen).toEqual([1]);
    await scale.close();
  });
});

describe.skipIf(redis.skipReason !== null)('shared state with REDIS_URL', () => {
  // Two "processes" of one deployment: same URL and prefix, their own connections.
  let a: ScaleDeps;
  let b: ScaleDeps;
  beforeAll(async () => {
    const prefix = redis.prefix('scale-deps').slice(0, -1);
    a = await openScaleDeps({ config: config(redis.url!, prefix), logger });
    b = await openScaleDeps({ config: config(redis.url!, prefix), logger });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('picks the Redis adapters, shared by every process', async () => {
    expect(a.mode).toBe('redis');
    const key = `login:email:${Date.now()}@example.com`;
    expect((await a.rateLimiter.hit({ key, limit: 1, windowSeconds: 60 })).allowed).toBe(true);
    expect((await b.rateLimiter.hit({ key, limit: 1, windowSeconds: 60 })).allowed).toBe(false);
    await a.toolCacheStore!.set('c1:web_search:x', '{"ok":true}', 60_000);
    expect(await b.toolCacheStore!.get('c1:web_search:x')).toBe('{"ok":true}');
    const heard: string[] = [];
    b.bus.onCancel((runId) => heard.push(runId));
    await a.bus.publishCancel('run-1');
    await vi.waitFor(() => expect(heard).toEqual(['run-1']), { timeout: 1000, interval: 2 });
    const credential = { clientId: 'c1', service: 'tavily' };
    b.credentialCache.set(credential, { credentialId: 'k', fields: { api_key: 'x' } }, 0);
    await a.credentialCache.invalidateClient('c1');
    await vi.waitFor(() => expect(b.credentialCache.get(credential)).toBeUndefined(), {
      timeout: 1000,
      interval: 2,
    });
  });

  it('logs and counts a run event the bus did not take', () => {
    const event = stampRunEvent({
      draft: { type: 'content', content: 'x' },
      seq: 1,
      runId: 'r',
      conversationId: 'c',
      createdAt: new Date(),
    });
    a.onPublishError(new Error('down'), event);
    expect(a.failures.publish).toBe(1);
  });

  it('refuses to boot on an unreachable Redis, with a readable message', async () => {
    await expect(
      openScaleDeps({ config: config('redis://:hunter2@127.0.0.1:1', 'renum'), logger }),
    ).rejects.toThrow(/Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1\/? is unreachable/);
  });
});

const postgres = testDatabaseTargets()[1]!;

// Two API processes on one Postgres and one Redis, wired like the server does with REDIS_URL.
describe.skipIf(redis.skipReason !== null || postgres.skipReason !== null)(
  'two API processes sharing Redis',
  () => {
    let first: TestApp;
    let second: TestApp;
    const scales: ScaleDeps[] = [];
    beforeAll(async () => {
      const prefix = redis.prefix('two-apps').slice(0, -1);
      // A slow offline model, so the run is still streaming when the other process starts watching.
      const options = {
        auth: { loginMaxPerEmail: 3 },
        models: { offline: { chunkDelayMs: 20, wordsPerChunk: 1 } },
      };
      first = await createTestApp(postgres, options);
      second = await createTestApp(postgres, options);
      // One deployment: the same signing key, and the shared adapters in place of the memory ones.
      second.deps.auth.jwtSecret = first.deps.auth.jwtSecret;
      for (const t of [first, second]) {
        const scale = await openScaleDeps({ config: config(redis.url!, prefix), logger });
        scales.push(scale);
        t.deps.rateLimiter = scale.rateLimiter;
        t.run.bus = scale.bus;
      }
    });
    afterAll(async () => {
      await Promise.all([first?.close(), second?.close()]);
      await Promise.all(scales.map((scale) => scale.close()));
    });

    it('holds the login limit across processes', async () => {
      const owner = await first.signup();
      const attempt = (t: TestApp) =>
        t.request({
          method: 'POST',
          url: '/v1/auth/login',
          body: { email: owner.email, password: 'wrong-password' },
        });
      expect((await attempt(first)).statusCode).toBe(401);
      expect((await attempt(second)).statusCode).toBe(401);
      expect((await attempt(first)).statusCode).toBe(401);
      const limited = await attempt(second);
      expect(limited.statusCode).toBe(429);
      expect(limited.json().code).toBe('RATE_LIMITED');
    });

    it('streams a run accepted by one process from the other, in order, each event once', async () => {
      const { owner, conversationId } = await first.startConversation({
        name: 'Eco',
        system_prompt: 'x',
        model: 'offline/renum',
      });
      const sent = await first.ask(owner.accessToken, conversationId, 'Olá, tudo bem?', { stream: false });
      expect(sent.statusCode).toBe(202);
      const events = await second.request({
        method: 'GET',
        url: `/v1/runs/${sent.json().run_id}/events`,
        token: owner.accessToken,
      });
      const seqs = [...events.body.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));
      expect(seqs.length).toBeGreaterThan(2);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(events.body.trim().split('\n\n').at(-1)).toContain('event: complete');
    });
  },
);
