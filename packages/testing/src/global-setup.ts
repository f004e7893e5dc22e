import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import './provided-context.ts';

/** Base URL of the machine's Postgres (trust auth on 127.0.0.1). */
const adminUrl = process.env.RENUM_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Creates one fresh database per test run on the machine's Postgres and drops it afterwards.
 * In CI an unreachable Postgres fails the run; elsewhere the Postgres suites are skipped with the reason.
 */
export default async function setup(project: TestProject) {
  const name = `renum_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (error) {
    await admin.end().catch(() => {});
    const reason = `Postgres unreachable at ${adminUrl}: ${(error as Error).message}`;
    if (process.env.CI === 'true') throw new Error(reason);
    console.warn(`[renum tests] ${reason}; Postgres suites will be skipped`);
    project.provide('postgresUrl', null);
    project.provide('postgresUnavailableReason', reason);
    return;
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  project.provide('postgresUrl', url.toString());
  project.provide('postgresUnavailableReason', null);
  return async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}
