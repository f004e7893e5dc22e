import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  type DatabaseHandle,
  documentChunks,
  documents,
  jobs,
  migrate,
  openDatabase,
  withPlatform,
} from '@renum/db';
import {
  addDocument,
  createEmbeddedJobQueue,
  createKnowledgeBase,
  type JobQueue,
  knowledgeIngestHandler,
  type Principal,
} from '@renum/platform';
import { createFreshTestDatabase, type FreshTestDatabase, testPostgresUrl } from '@renum/testing';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDeps } from './test-app.ts';

// Issue 10: a process killed (SIGKILL) in the middle of a document's ingestion loses nothing; another
// worker takes the job over when the lease expires, resumes after the stored chunks, and the document
// ends ready with each chunk once. Two processes share one database, so this runs on Postgres.
const skipReason = testPostgresUrl() === null ? inject('postgresUnavailableReason') : null;
const leaseMs = 1500;
const workerScript = fileURLToPath(new URL('./fixtures/ingest-worker.ts', import.meta.url));

/** A long Markdown document: one section per chunk, 400 of them. */
const longDocument = Array.from(
  { length: 400 },
  (_, index) =>
    `## Seção ${index}\n\nO item ${index} do catálogo tem garantia de ${index % 12} meses e frete próprio.`,
).join('\n\n');

async function until<T>(what: string, probe: () => Promise<T | null | undefined>, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(skipReason !== null)('ingestion survives its worker killed mid-document', () => {
  let database: FreshTestDatabase;
  let handle: DatabaseHandle;
  let victim: ChildProcess | undefined;
  let survivor: JobQueue | undefined;
  let output = '';

  beforeAll(async () => {
    database = (await createFreshTestDatabase('knowledge_kill'))!;
    handle = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 4 });
    await migrate(handle);
  }, 90_000);
  afterAll(async () => {
    victim?.kill('SIGKILL');
    await survivor?.stop();
    await handle?.close();
    await database?.drop();
  }, 30_000);

  it('resumes on another worker without losing or repeating a chunk', async () => {
    const deps = testDeps(handle.db);
    const principal = await owner(deps);
    const queue = createEmbeddedJobQueue({
      db: handle.db,
      logger: pino({ level: 'warn' }),
      clock: () => new Date(),
      newId: uuidv7,
      processId: 'survivor',
      leaseMs,
      pollMs: 50,
    });
    const base = await createKnowledgeBase(deps, {
      principal,
      input: {
        name: 'Catálogo',
        language: 'portuguese',
        embedding_model: null,
        reranker_model: null,
        chunk_target_tokens: 50,
        chunk_overlap_tokens: 0,
      },
    });
    // Enqueued here; only the victim process runs jobs for now.
    const added = await addDocument(
      deps,
      { jobs: queue },
      {
        principal,
        knowledgeBaseId: base.id,
        source: { kind: 'text', title: 'Catálogo', text: longDocument },
      },
    );
    const documentId = added.document.id;
    victim = spawn(process.execPath, [workerScript, database.url, String(leaseMs)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    victim.stdout?.on('data', (data) => (output += String(data)));
    victim.stderr?.on('data', (data) => (output += String(data)));
    const read = () =>
      withPlatform(
        handle.db,
        async (tx) => (await tx.select().from(documents).where(eq(documents.id, documentId)))[0],
      );
    const atKill = await until('the victim to index some chunks', async () => {
      const row = await read();
      return row && row.chunks_done >= 20 && row.chunks_total !== null ? row : null;
    });
    victim.kill('SIGKILL');
    await until('the victim to die', async () =>
      victim?.exitCode !== null || victim?.signalCode ? true : null,
    );
    const stopped = await read();
    expect(stopped?.status).toBe('processing');
    expect(stopped?.chunks_done).toBeLessThan(stopped?.chunks_total ?? 0);

    await queue.start({
      handlers: [knowledgeIngestHandler(deps, { jobs: queue })],
      concurrency: { knowledge: 1 },
    });
    survivor = queue;
    const done = await until('the document to be ready', async () => {
      const row = await read();
      return row?.status === 'ready' ? row : null;
    });
    expect(done).toMatchObject({ progress: 100, chunks_done: atKill.chunks_total, indexed_version: 1 });
    const [counts] = await withPlatform(handle.db, (tx) =>
      tx
        .select({
          chunks: sql<number>`count(*)::int`,
          positions: sql<number>`count(distinct ${documentChunks.position})::int`,
        })
        .from(documentChunks)
        .where(eq(documentChunks.document_id, documentId)),
    );
    expect(counts).toEqual({ chunks: atKill.chunks_total, positions: atKill.chunks_total });
    const [job] = await withPlatform(handle.db, (tx) =>
      tx.select().from(jobs).where(sql`${jobs.payload}->>'document_id' = ${documentId}`),
    );
    // The victim's attempt and the survivor's.
    expect(job).toMatchObject({ status: 'completed', attempts: 2 });
  }, 150_000);
});

async function owner(deps: ReturnType<typeof testDeps>): Promise<Principal> {
  const clientId = deps.newId();
  const userId = deps.newId();
  await withPlatform(deps.db, async (tx) => {
    await tx.execute(
      sql`insert into clients (id, name, slug) values (${clientId}, 'Kill', ${`kill-${clientId}`})`,
    );
    await tx.execute(
      sql`insert into users (id, email, name) values (${userId}, ${`${userId}@kill.test`}, 'Kill')`,
    );
  });
  return {
    kind: 'user',
    userId,
    apiKeyId: null,
    clientId,
    role: 'owner',
    platformRole: 'none' as Principal['platformRole'],
  };
}
