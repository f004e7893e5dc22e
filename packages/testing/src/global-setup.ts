import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { migrate, openDatabase } from '@renum/db';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import './provided-context.ts';

/** The machine's Redis (127.0.0.1:6379, keeps nothing on disk). */
const redisUrl = process.env.RENUM_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Base URL of the machine's Postgres (trust auth on 127.0.0.1). */
const adminUrl = process.env.RENUM_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Creates one fresh database per test run on the machine's Postgres and drops it afterwards.
 * In CI an unreachable Postgres fails the run; elsewhere the Postgres suites are skipped with the reason.
 */
export default async function setup(project: TestProject) {
  const stopRedis = await setupRedis(project);
  const stopPostgres = await setupPostgres(project);
  const stopPglite = await setupPgliteTemplate(project);
  return async () => {
    stopPglite();
    await stopPostgres?.();
    await stopRedis?.();
  };
}

/**
 * Migrates one in-memory PGlite and writes its data directory as a tarball, so each test's PGlite starts
 * from that copy: starting an empty cluster (initdb in WebAssembly) and migrating it cost seconds of CPU
 * per database, and the suite opens some hundred of them.
 */
async function setupPgliteTemplate(project: TestProject): Promise<() => void> {
  const handle = await openDatabase({ kind: 'pglite' });
  let archive: Blob;
  try {
    await migrate(handle);
    if (!handle.dumpDataDir) throw new Error('PGlite handle cannot dump its data directory');
    archive = await handle.dumpDataDir();
  } finally {
    await handle.close();
  }
  const path = join(
    tmpdir(),
    `renum_test_pglite_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}.tar`,
  );
  // Unpacked once here rather than by every database that starts from it.
  writeFileSync(path, gunzipSync(new Uint8Array(await archive.arrayBuffer())));
  project.provide('pgliteTemplate', path);
  return () => rmSync(path, { force: true });
}

/**
 * Checks the machine's Redis and hands every test file a key prefix of its own run; deletes every key
 * under that prefix afterwards. Unreachable: fails the run in CI, else the Redis suites are skipped.
 */
async function setupRedis(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const prefix = `renum_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0 });
  redis.on('error', () => {}); // the failed connect below reports it
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const reason = `Redis unreachable at ${redisUrl}: ${(error as Error).message}`;
    if (process.env.CI === 'true') throw new Error(reason);
    console.warn(`[renum tests] ${reason}; Redis suites will be skipped`);
    project.provide('redisUrl', null);
    project.provide('redisPrefix', prefix);
    project.provide('redisUnavailableReason', reason);
    return undefined;
  }
  project.provide('redisUrl', redisUrl);
  project.provide('redisPrefix', prefix);
  project.provide('redisUnavailableReason', null);
  return async () => {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  };
}

/**
 * Creates `<run database>_template` and migrates it once, so each test file copies a migrated database
 * (`create database … template`, see `testDatabaseTargets`) instead of migrating its own. Nothing stays
 * connected to it: Postgres copies only a template nobody uses.
 */
async function migratedTemplate(admin: pg.Client, runDatabase: string): Promise<string> {
  const template = `${runDatabase}_template`;
  await admin.query(`create database ${template}`);
  const url = new URL(adminUrl);
  url.pathname = `/${template}`;
  const handle = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 1 });
  try {
    await migrate(handle);
  } finally {
    await handle.close();
  }
  return template;
}

async function setupPostgres(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const name = `renum_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (error) {
    await admin.end().catch((error: unknown) => console.warn('closing the admin connection failed:', error));
    const reason = `Postgres unreachable at ${adminUrl}: ${(error as Error).message}`;
    if (process.env.CI === 'true') throw new Error(reason);
    console.warn(`[renum tests] ${reason}; Postgres suites will be skipped`);
    project.provide('postgresUrl', null);
    project.provide('postgresTemplate', null);
    project.provide('postgresUnavailableReason', reason);
    return undefined;
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  project.provide('postgresUrl', url.toString());
  project.provide('postgresTemplate', await migratedTemplate(admin, name));
  project.provide('postgresUnavailableReason', null);
  return async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    // Databases suites created for themselves (createFreshTestDatabase) and did not drop.
    const leftOver = await admin.query<{ datname: string }>(
      `select datname from pg_database where starts_with(datname, $1)`,
      [`${name}_`],
    );
    for (const { datname } of leftOver.rows)
      await admin.query(`drop database if exists ${datname} with (force)`);
    await admin.end();
  };
}
