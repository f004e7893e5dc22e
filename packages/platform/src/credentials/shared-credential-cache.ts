import type { Broadcast } from '../scale/broadcast.ts';
import {
  type CredentialCache,
  type CredentialCacheOptions,
  createCredentialCache,
} from './credential-cache.ts';

/** The topic that carries "this client's credentials changed", with the client id as the message. */
const invalidationTopic = 'credentials:invalidate';

/** A {@link CredentialCache} that hears the other processes' invalidations. */
export interface SharedCredentialCache extends CredentialCache {
  /** Stops listening to other processes. */
  close(): void;
}

/**
 * A credential cache whose invalidations reach every process: `invalidateClient` forgets the client's
 * entries here at once and publishes the client id; each process, on hearing it, forgets its own.
 * Only the client id travels; the decrypted values stay in each process's memory. If the publication
 * fails, it is reported to `onError` and the other processes' entries still expire after `ttlMs`.
 * Resolves once this process listens, so an invalidation sent after that is never missed.
 */
export async function openSharedCredentialCache(
  options: CredentialCacheOptions & { broadcast: Broadcast; onError: (error: unknown) => void },
): Promise<SharedCredentialCache> {
  const local = createCredentialCache(options);
  const stop = await options.broadcast.subscribe(invalidationTopic, (clientId) => {
    void local.invalidateClient(clientId);
  });
  return {
    get: (key) => local.get(key),
    generation: (clientId) => local.generation(clientId),
    set: (key, value, generation) => local.set(key, value, generation),
    async invalidateClient(clientId) {
      await local.invalidateClient(clientId);
      try {
        await options.broadcast.publish(invalidationTopic, clientId);
      } catch (error) {
        options.onError(error);
      }
    },
    get size() {
      return local.size;
    },
    close: stop,
  };
}
