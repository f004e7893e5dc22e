/**
 * `npm run cluster`: Renum's distributed mode on this machine (issue 9). On the machine's Postgres and
 * Redis it starts two API processes (`RENUM_ROLE=api`) and two workers (`RENUM_ROLE=worker`) on free
 * loopback ports, the first of them migrating the database and seeding the demo, and serves them on one
 * public port through a round-robin proxy. It prints which worker holds each running answer, so a
 * person can `kill -9` that worker and watch the other one finish it.
 *
 * Environment (all optional): DATABASE_URL (default postgres://postgres@127.0.0.1:5432/renum_cluster,
 * created when missing), REDIS_URL (default redis://127.0.0.1:6379), RENUM_REDIS_PREFIX (default
 * renum-cluster), PORT (public port, default 3000), HOST (default 127.0.0.1), RENUM_JWT_SECRET (default:
 * generated once into .renum/cluster/jwt-secret), and every server variable, passed on to each process.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Cluster,
  type ClusterDemoLogins,
  type ClusterProcess,
  startCluster,
} from './cluster/cluster-processes.ts';
import { ensureDatabase, ensureReachable } from './cluster/ensure-database.ts';
import { type RoundRobinProxy, startRoundRobinProxy } from './cluster/round-robin-proxy.ts';
import { watchRuns } from './cluster/watch-runs.ts';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const dataDir = join(repoRoot, '.renum', 'cluster');
const env = process.env;
const settings = {
  databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/renum_cluster',
  redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  redisPrefix: env.RENUM_REDIS_PREFIX ?? 'renum-cluster',
  port: Number(env.PORT ?? 3000),
  host: env.HOST ?? '127.0.0.1',
};
/** Server settings the cluster changes unless set in the environment, and why. */
const clusterDefaults = {
  // The offline model's answers take a few seconds: time to kill the worker answering.
  RENUM_OFFLINE_CHUNK_DELAY_MS: '200',
  // A killed worker's answer is taken over within about twice this, not a minute.
  RENUM_JOBS_LEASE_MS: '5000',
  // The proxy appends the caller's address to X-Forwarded-For (per-IP login limits, audit rows).
  RENUM_TRUST_PROXY: '127.0.0.1',
};
const colours = [36, 35, 33, 32, 34, 31];

function say(line: string): void {
  const name = process.stdout.isTTY ? '\x1b[1mcluster\x1b[0m  ' : 'cluster  ';
  console.log(`${name} │ ${line}`);
}

function prefixer(): (process: { name: string }, line: string) => void {
  const assigned = new Map<string, number>();
  return (child, line) => {
    if (!assigned.has(child.name))
      assigned.set(child.name, colours[assigned.size % colours.length] as number);
    const colour = process.stdout.isTTY ? `\x1b[${assigned.get(child.name)}m` : '';
    const reset = process.stdout.isTTY ? '\x1b[0m' : '';
    console.log(`${colour}${child.name.padEnd(9)}${reset} │ ${line}`);
  };
}

/** The shared JWT secret: from the environment, or generated once into the cluster's data directory. */
function jwtSecret(): string {
  if (env.RENUM_JWT_SECRET) return env.RENUM_JWT_SECRET;
  const path = join(dataDir, 'jwt-secret');
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    const secret = randomBytes(48).toString('base64url');
    writeFileSync(path, secret, { mode: 0o600 });
    return secret;
  }
}

/** The demo logins: printed by this start's seeding (then kept), or kept from the start that seeded this database. */
function demoLogins(seeded: ClusterDemoLogins | null): ClusterDemoLogins | null {
  const path = join(dataDir, 'demo-credentials.json');
  if (seeded) {
    writeFileSync(path, `${JSON.stringify({ database: settings.databaseUrl, ...seeded }, null, 2)}\n`, {
      mode: 0o600,
    });
    return seeded;
  }
  try {
    const kept = JSON.parse(readFileSync(path, 'utf8')) as ClusterDemoLogins & { database: string };
    return kept.database === settings.databaseUrl ? kept : null;
  } catch {
    return null;
  }
}

function banner(cluster: Cluster, proxy: RoundRobinProxy): string {
  const url = proxy.url.replace('127.0.0.1', 'localhost');
  const demo = demoLogins(cluster.demo);
  const row = (child: ClusterProcess) =>
    `    ${child.name.padEnd(9)} ${child.role.padEnd(7)} pid ${String(child.pid).padEnd(8)} ${child.url}`;
  return [
    '',
    `  Renum cluster is running at ${url} (round-robin over ${cluster.apis.map((api) => api.name).join(', ')})`,
    `  API docs:  ${url}/docs`,
    `  Database:  ${settings.databaseUrl}`,
    `  Redis:     ${settings.redisUrl} (prefix ${settings.redisPrefix})`,
    '',
    '  Processes:',
    ...cluster.processes.map(row),
    '',
    ...(demo
      ? [
          '  Demo logins:',
          `    client owner:   ${demo.owner.email} / ${demo.owner.password}`,
          `    platform admin: ${demo.platformAdmin.email} / ${demo.platformAdmin.password}`,
        ]
      : ['  Demo logins: printed by the start that seeded this database (drop it to seed again).']),
    '',
    '  Chat with the demo agent: "run …xxxx answered by worker-N (pid P)" says which worker holds the',
    '  answer. `kill -9 P` and the other worker takes it over and finishes it. Ctrl-C stops everything.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  await ensureReachable('Redis', settings.redisUrl, 6379);
  if (await ensureDatabase(settings.databaseUrl)) say(`created the database ${settings.databaseUrl}`);
  mkdirSync(dataDir, { recursive: true });
  const onLine = prefixer();
  const environment = Object.fromEntries(
    Object.entries(clusterDefaults).map(([name, value]) => [name, env[name] ?? value]),
  );
  const cluster = await startCluster({
    databaseUrl: settings.databaseUrl,
    redisUrl: settings.redisUrl,
    redisPrefix: settings.redisPrefix,
    jwtSecret: jwtSecret(),
    dataDir,
    environment: {
      ...environment,
      RENUM_PUBLIC_URL: env.RENUM_PUBLIC_URL ?? `http://localhost:${settings.port}`,
    },
    onLine,
  });
  const alive = new Set(cluster.processes);
  for (const child of cluster.processes) {
    void child.exited.then((code) => {
      alive.delete(child);
      say(
        `${child.name} (pid ${child.pid}) exited${code === null ? ` on ${child.child.signalCode}` : ` with ${code}`}`,
      );
    });
  }
  const proxy = await startRoundRobinProxy({
    targets: () => cluster.apis.filter((api) => alive.has(api)).map((api) => api.url),
    port: settings.port,
    host: settings.host,
    forwardedFor: true,
    onError: (error, request) => say(`proxy: ${request.method} ${request.url}: ${error.message}`),
  });
  const watcher = await watchRuns({
    databaseUrl: settings.databaseUrl,
    nameOf: (pid) => cluster.processes.find((child) => child.pid === pid)?.name,
    print: say,
    onError: (error) => say(`run watcher: ${(error as Error).message}`),
  });
  console.log(banner(cluster, proxy));
  stopOnSignals(cluster, async () => {
    await watcher.stop();
    await proxy.close();
  });
}

/** Ctrl-C (or SIGTERM): each process shuts down gracefully; a second Ctrl-C kills them at once. */
function stopOnSignals(cluster: Cluster, closeOwn: () => Promise<void>): void {
  let stopping = false;
  const stop = async () => {
    if (stopping) {
      say('killing every process');
      for (const child of cluster.processes) child.child.kill('SIGKILL');
      return;
    }
    stopping = true;
    say('stopping every process (Ctrl-C again to kill them)');
    const codes = await Promise.all(cluster.processes.map((child) => child.stop(60_000)));
    await closeOwn();
    say('stopped');
    process.exit(codes.every((code) => code === 0 || code === null) ? 0 : 1);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`npm run cluster: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
