import type { RedisConnections } from '../scale/redis-connections.ts';

/** An execution's shared context as cached: the context and the version it was stored at. */
export interface CachedTeamContext {
  version: number;
  context: Record<string, unknown>;
}

/**
 * A cache of team executions' shared contexts (seed 002 keeps them in Redis "for performance"). Postgres
 * stays the truth (ADR 0027, ADR 0043): the engine writes the cache after each commit that changes a
 * context and never reads it; readers of a context (`GET /v1/team-executions/{id}/context`) read it first.
 * Entries are keyed by client, so a client can only ever hit its own executions' entries.
 */
export interface TeamContextCache {
  /** Stores a context unless a newer version (a later commit's) is already stored. */
  store(entry: { clientId: string; executionId: string } & CachedTeamContext): Promise<void>;
  /** The cached context, or null when there is none (expired, never stored, another client's). */
  read(key: { clientId: string; executionId: string }): Promise<CachedTeamContext | null>;
}

/** Keeps a stored version unless the new one is higher; sets the expiry either way it writes. */
const storeIfNewer = `
local stored = redis.call('HGET', KEYS[1], 'v')
if stored and tonumber(stored) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'c', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/**
 * The cache on Redis: one hash per execution (`<prefix>team-context:<client>:<execution>`, fields `v`
 * and `c`) written by a script that keeps the newest version, so commits of parallel steps finishing on
 * several processes, whose after-commit writes may arrive in any order, leave the latest context.
 */
export function createRedisTeamContextCache(options: {
  connections: Pick<RedisConnections, 'commands' | 'prefix'>;
  /** How long an entry lives after its last write. @defaultValue 24 hours */
  ttlMs?: number;
}): TeamContextCache {
  const { commands, prefix } = options.connections;
  const ttlMs = options.ttlMs ?? 86_400_000;
  const keyOf = (key: { clientId: string; executionId: string }) =>
    `${prefix}team-context:${key.clientId}:${key.executionId}`;
  return {
    async store(entry) {
      await commands.eval(
        storeIfNewer,
        1,
        keyOf(entry),
        String(entry.version),
        JSON.stringify(entry.context),
        String(ttlMs),
      );
    },
    async read(key) {
      const [version, context] = await commands.hmget(keyOf(key), 'v', 'c');
      if (version === null || version === undefined || !context) return null;
      return { version: Number(version), context: JSON.parse(context) as Record<string, unknown> };
    },
  };
}
