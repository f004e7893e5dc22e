import { randomBytes, randomUUID } from 'node:crypto';
import { clients, type DatabaseHandle, jobs, withPlatform } from '@renum/db';
import { eq, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../src/jobs/define-job.ts';
import type { JobLogger } from '../../src/jobs/job-observer.ts';
import type { JobQueue, JobQueueOptions } from '../../src/jobs/job-queue.ts';

/** One engine on one database, as the shared suite sees it. */
export interface JobQueueTarget {
  name: string;
  skipReason: string | null;
  open(): Promise<DatabaseHandle>;
  /** A new queue instance (a "process") on the database; the suite stops it after each test. */
  create(options: JobQueueOptions): JobQueue;
}

/** What a test's queue instances write to the log, kept in memory. */
export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  object: Record<string, unknown>;
  message: string | undefined;
}

/** A pino-shaped logger that keeps its lines. */
export function memoryLogger(lines: LogLine[], bindings: Record<string, unknown> = {}): JobLogger {
  const at =
    (level: LogLine['level']) =>
    (object: object, message?: string): void => {
      lines.push({ level, object: { ...bindings, ...object }, message });
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => memoryLogger(lines, { ...bindings, ...more }),
  };
}

/** A queue name no other test uses. */
export function newQueueName(): string {
  return `q${randomBytes(5).toString('hex')}`;
}

/** The payload of the suite's jobs. */
export const testPayloadSchema = z.object({ n: z.number().int() }).strict();

/** A job on a fresh queue. */
export function testJob(
  queue = newQueueName(),
  retry: { attempts?: number; backoff?: { delayMs?: number; jitter?: number } } = { attempts: 1 },
): JobDefinition<z.infer<typeof testPayloadSchema>> {
  return defineJob({ name: 'suite.work', queue, payload: testPayloadSchema, retry });
}

/** Resolves once `check` holds, polling every 10 ms; fails after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The rows of one queue. */
export function jobRows(handle: DatabaseHandle, queue: string) {
  return withPlatform(handle.db, (tx) => tx.select().from(jobs).where(eq(jobs.queue, queue)));
}

/** A client row, for jobs that belong to one. */
export async function createTestClient(handle: DatabaseHandle): Promise<string> {
  const id = randomUUID();
  await withPlatform(handle.db, (tx) => tx.insert(clients).values({ id, name: 'Jobs', slug: `jobs-${id}` }));
  return id;
}

/**
 * The effect of an idempotent handler: once per job id, however often the job is delivered. `apply`
 * records the job id and, only when it was new, adds one to a counter, in one statement. Tables named per
 * suite: test files share the run's Postgres database.
 */
export async function createEffectsTable(handle: DatabaseHandle) {
  const suffix = randomBytes(4).toString('hex');
  const [effects, counter] = [`job_effects_${suffix}`, `job_effect_count_${suffix}`];
  await handle.query(`create table ${effects} (job_id uuid primary key)`);
  await handle.query(`create table ${counter} (n integer not null)`);
  await handle.query(`insert into ${counter} (n) values (0)`);
  await handle.query(`grant select, insert, update on ${effects}, ${counter} to renum_platform`);
  return {
    apply: (jobId: string) =>
      withPlatform(handle.db, (tx) =>
        tx.execute(
          sql`with added as (insert into ${sql.identifier(effects)} (job_id) values (${jobId})
                             on conflict (job_id) do nothing returning job_id)
              update ${sql.identifier(counter)} set n = n + (select count(*) from added)`,
        ),
      ),
    jobIds: async () =>
      (await handle.query<{ job_id: string }>(`select job_id from ${effects}`)).map((row) => row.job_id),
    count: async () => (await handle.query<{ n: number }>(`select n from ${counter}`))[0]?.n,
  };
}

/**
 * Resolves once every row of `queue` is in `status` (and there are `count` of them, if given); on
 * timeout, fails with the rows' states, so a slow or stuck job says where it stands.
 */
export async function waitForJobs(
  handle: DatabaseHandle,
  queue: string,
  status: string,
  options: { count?: number; timeoutMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  for (;;) {
    const rows = await jobRows(handle, queue);
    const settled = rows.length > 0 && rows.every((row) => row.status === status);
    if (settled && (options.count === undefined || rows.length === options.count)) return;
    if (Date.now() > deadline) {
      const states = rows.map(
        (row) => `${row.status}/${row.attempts}${row.last_error ? ` ${row.last_error}` : ''}`,
      );
      throw new Error(`jobs of ${queue} not all ${status} in time: ${states.join(', ') || 'none'}`);
    }
    await sleep(10);
  }
}

/** Settings that keep the suite fast: short leases and polls. */
export const fastSettings = { leaseMs: 1000, pollMs: 50, sweepMs: 200 } as const;

/** Builds queue options for a test: real clock, random ids, the memory logger. */
export function queueOptions(
  handle: DatabaseHandle,
  lines: LogLine[],
  overrides: Partial<JobQueueOptions> = {},
): JobQueueOptions {
  return {
    db: handle.db,
    logger: memoryLogger(lines),
    clock: () => new Date(),
    newId: randomUUID,
    processId: `test:${randomBytes(2).toString('hex')}`,
    ...fastSettings,
    ...overrides,
  };
}

/**
 * A database and a Redis connection for the BullMQ engine's tests, opened before the describe block's
 * tests and closed after them (read them inside tests only).
 */
export function engineFixture(open: () => Promise<DatabaseHandle>, redisUrl: string) {
  const fixture = {} as { handle: DatabaseHandle; connection: Redis };
  beforeAll(async () => {
    fixture.handle = await open();
    fixture.connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    await fixture.handle?.close();
    await fixture.connection?.quit();
  });
  return fixture;
}
