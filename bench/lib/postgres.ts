import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

/** The machine's Postgres (trust auth on loopback), overridable for other machines. */
export const adminUrl = process.env.RENUM_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh database for one benchmark run. */
export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
  /** Closes the admin connection and leaves the database in place (to inspect it afterwards). */
  release(): Promise<void>;
}

/** Creates `renum_bench_<random>`; returns null with the reason when Postgres is unreachable. */
export async function createBenchDatabase(): Promise<BenchDatabase | { unavailable: string }> {
  const name = `renum_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (error) {
    await admin.end().catch((error: unknown) => console.warn('closing the admin connection failed:', error));
    return { unavailable: `Postgres unreachable at ${adminUrl}: ${(error as Error).message}` };
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      try {
        await admin.query(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end();
      }
    },
    release: () => admin.end(),
  };
}

/** Round trips of one kind of statement seen by {@link startPgWireMeter}. */
export interface StatementStats {
  count: number;
  /** Time from the request leaving the server process to Postgres' ReadyForQuery, summed (ms). */
  totalMs: number;
}

/** One round trip as {@link startPgWireMeter}'s `trace` sees it (`at` on `performance.now()`'s clock). */
export interface TracedStatement {
  connection: number;
  kind: string;
  at: number;
  ms: number;
}

/** A loopback TCP proxy in front of Postgres that counts round trips by statement kind. */
export interface PgWireMeter {
  /** Postgres URL that goes through the proxy (same database as `targetUrl`). */
  readonly url: string;
  reset(): void;
  snapshot(): Map<string, StatementStats>;
  close(): Promise<void>;
}

/** Names a statement by its verb and table: `select`, `insert run_events`, `set_config`, `begin`... */
export function statementKind(sql: string): string {
  const text = sql.trim().toLowerCase();
  if (text.includes('set_config(')) return 'set_config (RLS scope)';
  const verb = text.split(/\s+/, 1)[0] ?? '?';
  const table = (pattern: RegExp) => text.match(pattern)?.[1]?.replaceAll('"', '') ?? '?';
  switch (verb) {
    case 'insert':
      return `insert ${table(/^insert\s+into\s+("?[\w.]+"?)/)}`;
    case 'update':
      return `update ${table(/^update\s+("?[\w.]+"?)/)}`;
    case 'delete':
      return `delete ${table(/^delete\s+from\s+("?[\w.]+"?)/)}`;
    case 'select':
      return `select ${table(/\sfrom\s+("?[\w.]+"?)/)}${/\sfor update/.test(text) ? ' for update' : ''}`;
    default:
      return verb;
  }
}

/**
 * Starts a proxy on 127.0.0.1 that forwards to `targetUrl`'s host and counts, per statement kind, the
 * client's round trips (a simple `Query`, or an extended-protocol batch ending in `Sync`) and the time
 * until Postgres answers `ReadyForQuery`. Diagnostic only: the extra hop adds latency.
 */
export async function startPgWireMeter(
  targetUrl: string,
  options: { trace?: (entry: TracedStatement) => void } = {},
): Promise<PgWireMeter> {
  const target = new URL(targetUrl);
  let connections = 0;
  const stats = new Map<string, StatementStats>();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: target.hostname, port: Number(target.port || 5432) });
    // As node-postgres' own socket: without it, Nagle's algorithm held a pipelined statement behind the
    // previous one's acknowledgement (delayed up to 40 ms), and the metered steps took four times as long.
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const connection = ++connections;
    sockets.add(client);
    sockets.add(upstream);
    const pending: { kind: string; at: number }[] = [];
    let lastParse = 'prepared statement';
    let fromClient = Buffer.alloc(0);
    let fromServer = Buffer.alloc(0);
    let startupDone = false;
    let parsing = true;
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      if (!parsing) return;
      fromClient = Buffer.concat([fromClient, chunk]);
      for (;;) {
        if (!startupDone) {
          if (fromClient.length < 8) return;
          const length = fromClient.readInt32BE(0);
          if (fromClient.readInt32BE(4) === 80877103) {
            parsing = false; // SSL request: the stream becomes opaque
            return;
          }
          if (fromClient.length < length) return;
          fromClient = fromClient.subarray(length);
          startupDone = true;
          continue;
        }
        if (fromClient.length < 5) return;
        const type = String.fromCharCode(fromClient[0]!);
        const length = fromClient.readInt32BE(1);
        if (fromClient.length < length + 1) return;
        const body = fromClient.subarray(5, length + 1);
        if (type === 'Q') {
          pending.push({
            kind: statementKind(body.toString('utf8', 0, body.indexOf(0))),
            at: performance.now(),
          });
        } else if (type === 'P') {
          const nameEnd = body.indexOf(0);
          lastParse = statementKind(body.toString('utf8', nameEnd + 1, body.indexOf(0, nameEnd + 1)));
        } else if (type === 'B' && lastParse === 'prepared statement') {
          // A named statement parsed earlier on this connection: name it by its statement's name.
          const portalEnd = body.indexOf(0);
          const name = body.toString('utf8', portalEnd + 1, body.indexOf(0, portalEnd + 1));
          if (name) lastParse = `prepared ${name}`;
        } else if (type === 'S') {
          pending.push({ kind: lastParse, at: performance.now() });
          lastParse = 'prepared statement';
        }
        fromClient = fromClient.subarray(length + 1);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      client.write(chunk);
      if (!parsing) return;
      fromServer = Buffer.concat([fromServer, chunk]);
      for (;;) {
        if (fromServer.length < 5) return;
        const type = String.fromCharCode(fromServer[0]!);
        const length = fromServer.readInt32BE(1);
        if (fromServer.length < length + 1) return;
        if (type === 'Z') {
          const started = pending.shift();
          if (started) {
            const entry = stats.get(started.kind) ?? { count: 0, totalMs: 0 };
            entry.count += 1;
            entry.totalMs += performance.now() - started.at;
            stats.set(started.kind, entry);
            options.trace?.({
              connection,
              kind: started.kind,
              at: started.at,
              ms: performance.now() - started.at,
            });
          }
        }
        fromServer = fromServer.subarray(length + 1);
      }
    });
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    reset: () => stats.clear(),
    snapshot: () => new Map([...stats].map(([kind, entry]) => [kind, { ...entry }])),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
