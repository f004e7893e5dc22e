import type { WsServerFrame } from '@renum/contracts';
import { testDatabaseTargets, testRedis } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiAndWorker, openApiAndWorker } from './api-and-worker.ts';
import { settledDocument } from './knowledge-test-kit.ts';
import type { TestApp } from './test-app.ts';

const redis = testRedis();
const postgres = testDatabaseTargets()[1]!;

/** 200 short sections: 200 chunks, indexed in four batches of 64. */
const longManual = Array.from(
  { length: 200 },
  (_, index) => `## Seção ${index + 1}\n\nA peça ${index + 1} do aparelho se limpa com um pano úmido.`,
).join('\n\n');

type Progress = Extract<WsServerFrame, { type: 'knowledge_progress' }>;

// Two processes of one deployment (one Postgres, one Redis): the API process holds the browser's
// WebSocket and ingests nothing; the worker process runs the `knowledge.ingest` job. Progress frames
// must cross from the second to the first.
describe.skipIf(redis.skipReason !== null || postgres.skipReason !== null)(
  'ingestion progress streamed over the WebSocket across processes',
  () => {
    let api: TestApp;
    let deployment: ApiAndWorker | undefined;
    const connect = (token: string) => deployment!.connect(token);

    beforeAll(async () => {
      deployment = await openApiAndWorker({ postgres, redis, name: 'knowledge-progress' });
      ({ api } = deployment);
    }, 180_000);
    afterAll(() => deployment?.close());

    it("delivers each committed batch's progress from the worker process to the client's sockets only", async () => {
      const owner = await api.signup();
      const stranger = await api.signup();
      const watcher = await connect(owner.accessToken);
      const outsider = await connect(stranger.accessToken);
      const base = await api.request({
        method: 'POST',
        url: '/v1/knowledge-bases',
        token: owner.accessToken,
        body: { name: 'Manual longo', chunk_target_tokens: 50, chunk_overlap_tokens: 0 },
      });
      const added = await api.request({
        method: 'POST',
        url: `/v1/knowledge-bases/${base.json().id}/documents`,
        token: owner.accessToken,
        body: { kind: 'text', title: 'Manual longo', text: longManual },
      });
      expect(added.statusCode).toBe(201);
      const documentId: string = added.json().document.id;

      const ready = await watcher.next(
        'knowledge_progress',
        (frame) => frame.document_id === documentId && frame.status === 'ready',
        60_000,
      );
      expect(ready).toMatchObject({
        knowledge_base_id: base.json().id,
        progress: 100,
        version: 1,
        error: null,
      });
      const frames = watcher.frames.filter(
        (frame): frame is Progress => frame.type === 'knowledge_progress' && frame.document_id === documentId,
      );
      const total = ready.chunks_total ?? 0;
      expect(total).toBeGreaterThan(128);
      // One frame when the job starts, one when the chunks are counted, one per batch of 64, one at the end.
      const batches = frames.filter((frame) => frame.status === 'processing' && frame.chunks_done > 0);
      expect(batches.map((frame) => frame.chunks_done)).toEqual(
        Array.from({ length: Math.ceil(total / 64) }, (_, index) => Math.min(total, (index + 1) * 64)),
      );
      const percentages = frames.map((frame) => frame.progress);
      expect(percentages).toEqual([...percentages].sort((a, b) => a - b));
      expect(new Set(percentages.filter((value) => value > 0 && value < 100)).size).toBeGreaterThanOrEqual(3);
      // What the frames said is what the API answers.
      const stored = await settledDocument(api, {
        token: owner.accessToken,
        baseId: base.json().id,
        documentId,
      });
      expect(stored).toMatchObject({
        status: 'ready',
        progress: 100,
        chunks_done: total,
        chunks_total: total,
      });
      // The API process has no job handlers (worker: false): every frame crossed from the worker.
      expect(outsider.frames.some((frame) => frame.type === 'knowledge_progress')).toBe(false);
    });
  },
);
