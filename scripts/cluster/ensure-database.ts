import net from 'node:net';
import pg from 'pg';

/**
 * Creates the database `databaseUrl` names when it does not exist yet, connecting to the server's
 * `postgres` database to do it. Resolves true when it was created. Throws, with the URL in the message,
 * when the server cannot be reached.
 */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!name) throw new Error(`DATABASE_URL names no database: ${databaseUrl}`);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`Postgres is not reachable at ${url.host}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return false;
    await admin.query(`create database ${pg.escapeIdentifier(name)}`);
    return true;
  } finally {
    await admin.end();
  }
}

/** Rejects, naming the URL, unless something accepts TCP connections at `url`'s host and port. */
export function ensureReachable(what: string, url: string, defaultPort: number): Promise<void> {
  const { hostname, port } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port: Number(port || defaultPort), timeout: 3000 });
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
    const fail = (why: string) => {
      socket.destroy();
      reject(new Error(`${what} is not reachable at ${url}: ${why}`));
    };
    socket.once('timeout', () => fail('no answer within 3 s'));
    socket.once('error', (error) => fail(error.message));
  });
}
