import { type RenumServer, type ServerDatabase, startRenumServer } from './processes.ts';

/**
 * How Renum is deployed for a measurement: `one-process` is one server (`RENUM_ROLE=all`, no
 * `REDIS_URL`: the embedded job queue and the in-memory event bus; with `redis`, the BullMQ job queue, the
 * Redis event bus and shared state, as each of several `all` processes runs); `distributed` is an `api` process and
 * a `worker` process on the same Postgres and Redis (BullMQ job queue, Redis event bus).
 */
export type Deployment =
  | { kind: 'one-process'; redis?: { redisUrl: string; redisPrefix: string } | undefined }
  | { kind: 'distributed'; redisUrl: string; redisPrefix: string };

/** The processes of a started deployment; the benchmark's client talks to `url`. */
export interface StartedDeployment {
  /** The process that takes the requests (the one server, or the api process). */
  readonly url: string;
  /** Each process by role: `server`, or `api` and `worker`. */
  readonly processes: ReadonlyMap<string, RenumServer>;
  stop(): Promise<void>;
}

/**
 * Starts the deployment's processes on `database` (the api process first, so that it applies the
 * migrations before the worker opens the database). `databaseUrlFor` may give each role its own URL (the
 * round-trip meter puts a proxy in front of each); `nodeFlags` are per role too.
 */
export async function startDeployment(options: {
  deployment: Deployment;
  database: ServerDatabase;
  fakeUrl: string;
  logLevel: string;
  databaseUrlFor?: (role: string) => string;
  nodeFlagsFor?: (role: string) => string[];
}): Promise<StartedDeployment> {
  const { deployment } = options;
  const roles =
    deployment.kind === 'one-process'
      ? [
          {
            role: 'server',
            env: (deployment.redis
              ? { REDIS_URL: deployment.redis.redisUrl, RENUM_REDIS_PREFIX: deployment.redis.redisPrefix }
              : {}) as Record<string, string>,
          },
        ]
      : ['api', 'worker'].map((role) => ({
          role,
          env: {
            REDIS_URL: deployment.redisUrl,
            RENUM_REDIS_PREFIX: deployment.redisPrefix,
            RENUM_ROLE: role,
          },
        }));
  const processes = new Map<string, RenumServer>();
  const stop = async () => {
    // The worker first: the api process's open streams then end with the runs they were waiting for.
    for (const child of [...processes.values()].reverse()) await child.stop();
  };
  try {
    for (const { role, env } of roles) {
      const database =
        options.database.kind === 'postgres' && options.databaseUrlFor
          ? { kind: 'postgres' as const, url: options.databaseUrlFor(role) }
          : options.database;
      const server = await startRenumServer({
        database,
        fakeUrl: options.fakeUrl,
        logLevel: options.logLevel,
        nodeFlags: options.nodeFlagsFor?.(role) ?? [],
        env,
        name: `Renum ${role} process`,
      });
      processes.set(role, server);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const front = processes.get('server') ?? processes.get('api');
  if (!front) throw new Error('no process takes requests');
  return { url: front.url, processes, stop };
}
