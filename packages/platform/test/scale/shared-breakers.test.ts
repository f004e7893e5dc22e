import {
  type BreakerSharing,
  createMemoryBreakerSharing,
  createResilienceRegistry,
  ResilienceError,
  type ResilienceKey,
  type ResilienceRegistry,
  type ToolPolicy,
} from '@renum/tools';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { breakerSharingOver } from '../../src/scale/broadcast-breaker-sharing.ts';
import { reportedErrors, scaleTargets, type TwoProcesses } from './scale-targets.ts';

// Opens after two failed attempts; a trial call is let through 60 s later (longer than the suite).
const policy: ToolPolicy = {
  kind: 'business-api',
  sideEffects: false,
  retries: 0,
  breaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 },
};
const onError = (error: unknown) => reportedErrors.push(error);
const unavailable = async () => ({ statusCode: 503, headers: {} });

interface Side {
  registry: ResilienceRegistry;
  sharing: BreakerSharing;
}

const registryOver = async (sharing: BreakerSharing): Promise<Side> => {
  const registry = createResilienceRegistry({ policyFor: () => policy, sharing, onSharingError: onError });
  await registry.ready;
  return { registry, sharing };
};

// The shared suite of circuit breaker sharing: two registries over one in-memory sharing (one
// process with two proxies), or two registries in two "processes" over Redis pub/sub.
const targets = scaleTargets<Side>('breakers', {
  memory: async () => {
    const sharing = createMemoryBreakerSharing();
    return { a: await registryOver(sharing), b: await registryOver(sharing) };
  },
  redis: (connections) => registryOver(breakerSharingOver(connections.channels, { onError })),
});

let keys = 0;
const freshKey = (): ResilienceKey => ({ clientId: `client-${++keys}`, tool: 'web_search' });

for (const target of targets) {
  describe.skipIf(target.skipReason !== null)(`shared circuit breakers (${target.name})`, () => {
    let sides: TwoProcesses<Side>;
    beforeAll(async () => {
      sides = await target.open();
    });
    afterAll(async () => {
      sides?.a.registry.close();
      sides?.b.registry.close();
      await sides?.close();
    });

    it('refuses calls in every process once the breaker opened in one', async () => {
      const { a, b } = sides;
      const key = freshKey();
      await a.registry.execute(key, unavailable);
      await a.registry.execute(key, unavailable);
      expect(a.registry.breakerState(key)).toBe('open');
      await vi.waitFor(() => expect(b.registry.breakerState(key)).toBe('open'), {
        timeout: 1000,
        interval: 2,
      });
      let attempted = false;
      const refused = await b.registry
        .execute(key, async () => {
          attempted = true;
          return { statusCode: 200 };
        })
        .catch((error: unknown) => error);
      expect(ResilienceError.isInstance(refused) && refused.code).toBe('CIRCUIT_OPEN');
      expect(attempted).toBe(false);
      // Another client's use of the same tool is not affected.
      const other = await b.registry.execute(freshKey(), async () => ({ statusCode: 200 }));
      expect(other.value.statusCode).toBe(200);
    });

    it('lets calls through again when the breaker closes where it opened', async () => {
      const { a, b } = sides;
      const key = freshKey();
      await a.registry.execute(key, unavailable);
      await a.registry.execute(key, unavailable);
      await vi.waitFor(() => expect(b.registry.breakerState(key)).toBe('open'), {
        timeout: 1000,
        interval: 2,
      });
      // What the opening process announces after its trial call succeeded.
      await a.sharing.publish({ state: 'closed', key, openForMs: 0, source: 'elsewhere' });
      await vi.waitFor(() => expect(b.registry.breakerState(key)).not.toBe('open'), {
        timeout: 1000,
        interval: 2,
      });
      expect((await b.registry.execute(key, async () => ({ statusCode: 200 }))).attempts).toBe(1);
    });

    it('keeps a remote breaker open only for its cool-down', async () => {
      const { a, b } = sides;
      const key = freshKey();
      await a.sharing.publish({ state: 'open', key, openForMs: 80, source: 'elsewhere' });
      await vi.waitFor(() => expect(b.registry.breakerState(key)).toBe('open'), {
        timeout: 1000,
        interval: 2,
      });
      await vi.waitFor(() => expect(b.registry.breakerState(key)).toBeUndefined(), {
        timeout: 1000,
        interval: 10,
      });
      expect((await b.registry.execute(key, async () => ({ statusCode: 200 }))).attempts).toBe(1);
    });
  });
}
