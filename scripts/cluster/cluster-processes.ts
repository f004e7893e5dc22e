import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { childProcessEnvironment } from '@renum/config';

/** The server's entry point, started once per process of the cluster. */
const mainPath = fileURLToPath(new URL('../../apps/server/src/main.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** What a process of the cluster does (`RENUM_ROLE`). */
export type ClusterRole = 'api' | 'worker';

/** The demo logins the first process printed when it seeded the demo client. */
export interface ClusterDemoLogins {
  owner: { email: string; password: string };
  platformAdmin: { email: string; password: string };
}

/** One server process of the cluster. */
export interface ClusterProcess {
  /** `api-1`, `worker-2`…, used to prefix its log lines. */
  readonly name: string;
  readonly role: ClusterRole;
  readonly pid: number;
  /** `http://127.0.0.1:PORT` (every role listens: `/health`, `/ready`). */
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  readonly exited: Promise<number | null>;
  /** Everything it printed so far (the last 400 000 characters). */
  output(): string;
  /** SIGTERM (a graceful shutdown), then SIGKILL after `killAfterMs`; resolves with its exit code. */
  stop(killAfterMs?: number): Promise<number | null>;
}

/** A running cluster: API and worker processes sharing one Postgres database and one Redis prefix. */
export interface Cluster {
  readonly apis: ClusterProcess[];
  readonly workers: ClusterProcess[];
  /** Every process, APIs first. */
  readonly processes: ClusterProcess[];
  /** The demo logins, when the first process seeded the demo client just now (printed once). */
  readonly demo: ClusterDemoLogins | null;
  /** Stops every process still running, gracefully (see {@link ClusterProcess.stop}). */
  stop(killAfterMs?: number): Promise<void>;
}

/** Settings of {@link startCluster}. */
export interface ClusterOptions {
  /** Postgres database every process uses (it must exist; the first process migrates it). */
  databaseUrl: string;
  redisUrl: string;
  /** `RENUM_REDIS_PREFIX`: every Redis key and queue of the cluster starts with it. */
  redisPrefix: string;
  /** `RENUM_JWT_SECRET`, shared by every process (at least 32 characters). */
  jwtSecret: string;
  /** `RENUM_DATA_DIR`: where the first process creates the vault keyring every process reads. */
  dataDir: string;
  /** @defaultValue 2 */
  apis?: number;
  /** @defaultValue 2 */
  workers?: number;
  /** Whether the first API process seeds the demo client (once: later starts find it). @defaultValue true */
  seedDemo?: boolean;
  /**
   * Whether the first API process starts alone, before the others: it creates the vault keyring file in
   * `dataDir`, which every other process then reads. False starts them all at once (faster): then give
   * the keys in `environment.RENUM_VAULT_KEYS`, so that no process creates a keyring of its own.
   * @defaultValue true
   */
  firstAlone?: boolean;
  /**
   * More environment for every process (`LOG_LEVEL`, `RENUM_JOBS_LEASE_MS`…); `undefined` removes a
   * variable. Variables that pick a server's database, model or keys are never inherited from this
   * process (see `childProcessEnvironment`); the ones above always win.
   */
  environment?: Record<string, string | undefined>;
  /** Receives each line a process prints, as it prints it. */
  onLine?: (process: { name: string; role: ClusterRole }, line: string) => void;
  /** How long a process may take to print its start banner. @defaultValue 60000 */
  startTimeoutMs?: number;
}

/**
 * Starts a cluster (issue 9): the first API process (it applies the migrations, creates the vault
 * keyring in `dataDir` and seeds the demo), alone unless `firstAlone` is false, then the other API
 * processes (`RENUM_ROLE=api`) and the workers (`RENUM_ROLE=worker`) together. Every process listens on
 * a free loopback port. If any fails to start, the others are stopped and the error says which one
 * failed and what it printed.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const apiCount = options.apis ?? 2;
  const workerCount = options.workers ?? 2;
  if (apiCount < 1) throw new Error('A cluster needs at least one API process');
  if (options.firstAlone === false && !options.environment?.RENUM_VAULT_KEYS)
    throw new Error('Starting every process at once needs environment.RENUM_VAULT_KEYS');
  const launch = (name: string, role: ClusterRole, seed = false) =>
    startClusterProcess({ ...options, name, role, seedDemo: seed });
  const firstStarting = launch('api-1', 'api', options.seedDemo ?? true);
  if (options.firstAlone !== false) await firstStarting;
  // Settled all, so that none is left running when another failed to start.
  const outcomes = await Promise.allSettled([
    firstStarting,
    ...Array.from({ length: apiCount - 1 }, (_, index) => launch(`api-${index + 2}`, 'api')),
    ...Array.from({ length: workerCount }, (_, index) => launch(`worker-${index + 1}`, 'worker')),
  ]);
  const started = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((running) => running.stop(5000)));
    throw failed.reason;
  }
  const apis = started.filter((running) => running.role === 'api');
  const workers = started.filter((running) => running.role === 'worker');
  return {
    apis,
    workers,
    processes: [...apis, ...workers],
    demo: parseDemoLogins(apis[0]!.output()),
    async stop(killAfterMs) {
      await Promise.all(started.map((running) => running.stop(killAfterMs)));
    },
  };
}

/**
 * Starts one server process (`node apps/server/src/main.ts` with this Node) on a free loopback port
 * and resolves once it prints its start banner ("Renum is running at …", printed whatever the log level).
 */
export function startClusterProcess(
  options: ClusterOptions & { name: string; role: ClusterRole; seedDemo: boolean },
): Promise<ClusterProcess> {
  const env = childProcessEnvironment({
    ...options.environment,
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    RENUM_REDIS_PREFIX: options.redisPrefix,
    RENUM_JWT_SECRET: options.jwtSecret,
    RENUM_DATA_DIR: options.dataDir,
    RENUM_ROLE: options.role,
    RENUM_SEED_DEMO: String(options.seedDemo),
    PORT: '0',
    HOST: '127.0.0.1',
  });
  const child = spawn(process.execPath, [mainPath], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const lines = { stdout: '', stderr: '' };
  const take = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-400_000);
    const parts = (lines[stream] + text).split('\n');
    lines[stream] = parts.pop() ?? '';
    for (const line of parts) options.onLine?.({ name: options.name, role: options.role }, line);
  };
  child.stdout?.on('data', take('stdout'));
  child.stderr?.on('data', take('stderr'));
  const running: Omit<ClusterProcess, 'url'> = {
    name: options.name,
    role: options.role,
    pid: child.pid ?? -1,
    child,
    exited,
    output: () => output,
    async stop(killAfterMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  return waitForBanner(running, options.startTimeoutMs ?? 60_000);
}

function waitForBanner(running: Omit<ClusterProcess, 'url'>, timeoutMs: number): Promise<ClusterProcess> {
  const { child, name } = running;
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = running.output().match(/Renum is running at http:\/\/(?:localhost|127\.0\.0\.1):(\d+)/);
      if (!match) return;
      cleanup();
      resolve({ ...running, url: `http://127.0.0.1:${match[1]}` });
    };
    const fail = (why: string) => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`${name} ${why}:\n${running.output().slice(-4000)}`));
    };
    const onExit = (code: number | null) => fail(`exited (code ${code}) before it was listening`);
    const timer = setTimeout(() => fail(`was not listening after ${timeoutMs} ms`), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

/** The demo logins in a start banner ("client owner: E / P", "platform admin: E / P"), if printed. */
export function parseDemoLogins(output: string): ClusterDemoLogins | null {
  const owner = output.match(/client owner:\s+(\S+) \/ (\S+)/);
  const admin = output.match(/platform admin:\s+(\S+) \/ (\S+)/);
  if (!owner?.[1] || !owner[2] || !admin?.[1] || !admin[2]) return null;
  return {
    owner: { email: owner[1], password: owner[2] },
    platformAdmin: { email: admin[1], password: admin[2] },
  };
}
