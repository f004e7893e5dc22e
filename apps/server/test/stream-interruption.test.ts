import { setTimeout as sleep } from 'node:timers/promises';
import type { RunEvent } from '@renum/contracts';
import { createMemoryEventBus, createRunManager } from '@renum/platform';
import { createSseParser, type SseFrame } from '@renum/sdk';
import { testDatabaseTargets } from '@renum/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

function framesOf(body: string): SseFrame[] {
  const frames: SseFrame[] = [];
  const parser = createSseParser({ onFrame: (frame) => frames.push(frame) });
  parser.feed(body);
  parser.end();
  return frames;
}

describe('streams of a stopping process', () => {
  let t: TestApp;
  let owner: TestSession;
  let agentId: string;
  /** A second server on the same database with its own bus and runs, as another process would be. */
  let other: FastifyInstance;
  beforeAll(async () => {
    // A slow offline model: an answer takes several seconds.
    t = await createTestApp(pglite, { models: { offline: { chunkDelayMs: 100, wordsPerChunk: 1 } } });
    owner = await t.signup();
    agentId = (await t.createAgent(owner.accessToken, { name: 'Lento', system_prompt: 'x' })).id;
    const run = { ...t.run, bus: createMemoryEventBus() };
    other = await buildApp({
      config: { http: { corsOrigins: [], bodyLimitBytes: 64 * 1024, publicUrl: t.deps.publicUrl } },
      deps: t.deps,
      handle: t.handle,
      run,
      manager: createRunManager({ deps: t.deps, run }),
      logger: false,
    });
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  /** Sends a message as a stream and resolves once its answer is streaming. */
  async function streamingAnswer() {
    const conversationId = await t.openConversation(owner.accessToken, agentId);
    let streaming: () => void = () => {};
    const answering = new Promise<void>((resolve) => {
      streaming = resolve;
    });
    const unsubscribe = await t.run.bus.subscribe(conversationId, (event: RunEvent) => {
      if (event.type === 'content') streaming();
    });
    const response = t.ask(owner.accessToken, conversationId, 'Conte uma história longa sobre o mar');
    await answering;
    unsubscribe();
    return { conversationId, response };
  }

  it('ends a run executing here INTERRUPTED, with its next stored event sent to its stream', async () => {
    const { response } = await streamingAnswer();
    const interrupted = await t.manager.interrupt();
    expect(interrupted).toHaveLength(1);
    const frames = framesOf((await response).body).filter((frame) => frame.data);
    const last = frames.at(-1)!;
    const event = JSON.parse(last.data);
    expect(event).toMatchObject({
      type: 'error',
      code: 'INTERRUPTED',
      retryable: true,
      run_id: interrupted[0],
    });
    expect(event.seq).toBe(JSON.parse(frames.at(-2)!.data).seq + 1);
    expect(last.id).toBe(String(event.seq));
    const run = await t.request({ method: 'GET', url: `/v1/runs/${event.run_id}`, token: owner.accessToken });
    expect(run.json()).toMatchObject({ status: 'failed', error_code: 'INTERRUPTED' });
    const replay = await t.request({
      method: 'GET',
      url: `/v1/runs/${event.run_id}/events`,
      token: owner.accessToken,
      headers: { 'last-event-id': String(event.seq - 1) },
    });
    expect(framesOf(replay.body).map((frame) => JSON.parse(frame.data))).toEqual([event]);
  });

  it('ends a stream whose run executes elsewhere with an unnumbered INTERRUPTED event', async () => {
    const { conversationId, response } = await streamingAnswer();
    const runs = await t.request({
      method: 'GET',
      url: `/v1/runs?conversation_id=${conversationId}&status=running`,
      token: owner.accessToken,
    });
    const running = runs.json().data[0].id as string;
    const following = other.inject({
      method: 'GET',
      url: `/v1/runs/${running}/events`,
      headers: { authorization: `Bearer ${owner.accessToken}` },
    });
    for (let tries = 0; other.sseStreams.size === 0 && tries < 500; tries++) await sleep(10);
    expect(await other.sseStreams.interrupt({ now: new Date() })).toBe(1);
    const frames = framesOf((await following).body).filter((frame) => frame.data);
    const last = frames.at(-1)!;
    const event = JSON.parse(last.data);
    expect(event).toMatchObject({ type: 'error', code: 'INTERRUPTED', retryable: true, run_id: running });
    // Not stored: numbered as the next event will be, without an SSE id, so a resume is unaffected.
    expect(last.id).toBeNull();
    expect(event.seq).toBe(JSON.parse(frames.at(-2)!.data).seq + 1);
    // The run itself goes on where it executes.
    expect(t.manager.isActive(running)).toBe(true);
    await t.manager.stop(running);
    await response;
  });
});
