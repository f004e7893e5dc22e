import { Writable } from 'node:stream';
import { loadConfig } from '@renum/config';
import { type DatabaseHandle, jobs, withPlatform } from '@renum/db';
import { defineJob, handleJob } from '@renum/platform';
import { testDatabaseTargets, testRedis } from '@renum/testing';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createJobQueue } from '../src/job-queue.ts';

const postgres = testDatabaseTargets().find((target) => target.name === 'postgres')!;
const redis = testRedis();

/** A pino logger whose JSON lines are kept. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

// Skipped only outside CI when Postgres is unreachable; CI fails instead (global set-up).
describe.skipIf(postgres.skipReason !== null)('createJobQueue', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await postgres.open();
  });
  afterAll(async () => handle?.close());

  const engines = [
    { engine: 'embedded', environment: {}, skip: false },
    {
      engine: 'bullmq',
      environment: {
        REDIS_URL: redis.url ?? '',
        RENUM_REDIS_PREFIX: redis.prefix('server').replace(/:$/, ''),
      },
      skip: redis.skipReason !== null,
    },
  ] as const;
  for (const { engine, environment, skip } of engines) {
    it.skipIf(skip)(
      `builds the ${engine} engine from config, and it runs a job logging through pino`,
      async () => {
        const config = loadConfig({ ...environment, RENUM_JOBS_POLL_MS: '50', RENUM_JOBS_LEASE_MS: '2000' });
        const { logger, lines } = capturedLogger();
        const queue = createJobQueue(config, { db: handle.db, logger });
        expect(queue.engine).toBe(engine);
        const job = defineJob({
          name: 'server.check',
          queue: `server-${engine}-${Date.now().toString(36)}`,
          payload: z.object({ word: z.string() }),
          retry: { attempts: 2, backoff: { delayMs: 10 } },
        });
        const seen: string[] = [];
        await queue.start({
          handlers: [
            handleJob(job, async (payload, context) => {
              seen.push(payload.word);
              if (context.attempt === 1) throw new Error('first attempt fails');
            }),
          ],
          concurrency: config.jobs.concurrency,
        });
        try {
          const { id } = await withPlatform(handle.db, (tx) => queue.enqueue(tx, job, { word: 'hello' }));
          const status = async () =>
            (await withPlatform(handle.db, (tx) => tx.select().from(jobs).where(eq(jobs.id, id))))[0]?.status;
          const deadline = Date.now() + 5000;
          while ((await status()) !== 'completed' && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          expect(await status()).toBe('completed');
          expect(seen).toEqual(['hello', 'hello']);
          const failure = lines.find((line) => line.msg === 'job attempt failed; it will be retried');
          expect(failure).toMatchObject({
            component: 'jobs',
            level: 40,
            err: { message: 'first attempt fails' },
          });
        } finally {
          await queue.stop({ graceMs: 1000 });
        }
      },
    );
  }
});
