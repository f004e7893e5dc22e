import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  openSharedCredentialCache,
  type SharedCredentialCache,
} from '../../src/credentials/shared-credential-cache.ts';
import { createMemoryBroadcast } from '../../src/scale/broadcast.ts';
import { reportedErrors, scaleTargets, type TwoProcesses } from './scale-targets.ts';

const secret = 'tvly-very-secret-value';
const key = (clientId: string) => ({ clientId, agentId: 'agent-1', service: 'tavily' });
const value = { credentialId: 'cred-1', fields: { api_key: secret } };
const onError = (error: unknown) => reportedErrors.push(error);

// The shared suite of credential-cache invalidation: two caches over one in-memory broadcast, or two
// caches in two "processes" over Redis pub/sub.
const targets = scaleTargets<SharedCredentialCache>('credential-cache', {
  memory: async () => {
    const broadcast = createMemoryBroadcast();
    return {
      a: await openSharedCredentialCache({ broadcast, onError }),
      b: await openSharedCredentialCache({ broadcast, onError }),
    };
  },
  redis: (connections) => openSharedCredentialCache({ broadcast: connections.channels, onError }),
});

for (const target of targets) {
  describe.skipIf(target.skipReason !== null)(`credential cache invalidation (${target.name})`, () => {
    let caches: TwoProcesses<SharedCredentialCache>;
    beforeAll(async () => {
      caches = await target.open();
    });
    afterAll(async () => {
      caches?.a.close();
      caches?.b.close();
      await caches?.close();
    });

    it("drops the client's entries in the other process at once, and only that client's", async () => {
      const { a, b } = caches;
      for (const cache of [a, b]) {
        cache.set(key('c1'), value, cache.generation('c1'));
        cache.set(key('c2'), value, cache.generation('c2'));
      }
      await a.invalidateClient('c1');
      expect(a.get(key('c1'))).toBeUndefined();
      await vi.waitFor(() => expect(b.get(key('c1'))).toBeUndefined(), { timeout: 1000, interval: 2 });
      expect(b.get(key('c2'))).toEqual(value);
      expect(a.get(key('c2'))).toEqual(value);
    });

    it('refuses, in the other process, a value loaded before the invalidation arrived', async () => {
      const { a, b } = caches;
      const loadedAt = b.generation('c3'); // b starts reading the old row...
      await a.invalidateClient('c3'); // ...while a replaces the credential
      await vi.waitFor(() => expect(b.generation('c3')).not.toBe(loadedAt), { timeout: 1000, interval: 2 });
      b.set(key('c3'), value, loadedAt);
      expect(b.get(key('c3'))).toBeUndefined();
    });

    it.skipIf(target.name === 'memory')(
      'sends only the client id through Redis, never a secret',
      async () => {
        const { a, b } = caches;
        const connections = caches.connections!;
        const messages: string[] = [];
        const stop = await connections.b.channels.subscribe('credentials:invalidate', (message) =>
          messages.push(message),
        );
        a.set(key('c4'), value, a.generation('c4'));
        b.set(key('c4'), value, b.generation('c4'));
        await a.invalidateClient('c4');
        await vi.waitFor(() => expect(messages).toEqual(['c4']), { timeout: 1000, interval: 2 });
        stop();
        const keys = await connections.a.commands.keys(`${connections.a.prefix}*`);
        const stored = await Promise.all(keys.map((name) => connections.a.commands.dump(name)));
        expect(stored.join('')).not.toContain(secret);
      },
    );
  });
}
