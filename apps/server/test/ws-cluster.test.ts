import { randomBytes } from 'node:crypto';
import type { Config } from '@renum/config';
import { testDatabaseTargets, testRedis } from '@renum/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScaleDeps, type ScaleDeps } from '../src/scale-deps.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { openTestSocket, type TestSocket } from './ws-test-client.ts';

const redis = testRedis();
const postgres = testDatabaseTargets()[1]!;

// Two API processes of one deployment (one Postgres, one Redis), each with its own WebSocket hub: the
// first executes no run (an `api` process), the second executes what is sent through it.
describe.skipIf(redis.skipReason !== null || postgres.skipReason !== null)(
  'the WebSocket across two processes sharing Redis',
  () => {
    let watcherSide: TestApp;
    let senderSide: TestApp;
    const urls: string[] = [];
    const scales: ScaleDeps[] = [];
    const sockets: TestSocket[] = [];

    beforeAll(async () => {
      const prefix = redis.prefix('ws-cluster').slice(0, -1);
      const jwtSecret = new TextEncoder().encode(randomBytes(32).toString('hex'));
      const config = {
        scale: { redisUrl: redis.url!, redisPrefix: prefix, role: 'all' },
        vault: { credentialCacheTtlMs: 10_000 },
      } as Pick<Config, 'scale' | 'vault'>;
      for (const worker of [false, true]) {
        const scale = await openScaleDeps({ config, logger: pino({ level: 'silent' }) });
        scales.push(scale);
        const app = await createTestApp(postgres, {
          auth: { jwtSecret },
          worker,
          scale,
          models: { offline: { chunkDelayMs: 2 } },
        });
        urls.push(await app.app.listen({ port: 0, host: '127.0.0.1' }));
        if (worker) senderSide = app;
        else watcherSide = app;
      }
    });
    afterAll(async () => {
      await Promise.all(sockets.map((socket) => socket.close()));
      await Promise.all([watcherSide?.close(), senderSide?.close()]);
      await Promise.all(scales.map((scale) => scale.close()));
    });

    const connect = async (baseUrl: string, token: string) => {
      const socket = await openTestSocket(`${baseUrl}/ws?token=${token}`);
      sockets.push(socket);
      await socket.next('connected');
      return socket;
    };

    it('shows a watcher on one process the presence, typing, messages and run events of the other', async () => {
      const owner = await watcherSide.signup();
      const member = await watcherSide.joinAs(owner.accessToken);
      const agentId = (await watcherSide.createAgent(owner.accessToken, { name: 'Eco', system_prompt: 'x' }))
        .id;
      const conversationId = await watcherSide.openConversation(owner.accessToken, agentId);

      const watcher = await connect(urls[0]!, owner.accessToken);
      watcher.send({ type: 'subscribe', conversation_id: conversationId });
      await watcher.next('subscribed');
      const sender = await connect(urls[1]!, member.accessToken);
      await watcher.next('presence', (frame) => frame.user_id === member.userId && frame.status === 'online');
      await sender.next('presence', (frame) => frame.user_id === owner.userId && frame.status === 'online');

      sender.send({ type: 'typing', conversation_id: conversationId, is_typing: true });
      await watcher.next('typing', (frame) => frame.user_id === member.userId);
      sender.send({ type: 'message', conversation_id: conversationId, content: 'Olá de outro processo' });

      const complete = await watcher.next('event', (frame) => frame.event.type === 'complete');
      const seqs = watcher.frames.flatMap((frame) => (frame.type === 'event' ? [frame.event.seq] : []));
      const stored = await watcherSide.request({
        method: 'GET',
        url: `/v1/runs/${complete.event.run_id}/events`,
        token: owner.accessToken,
      });
      const storedSeqs = stored.body
        .split('\n')
        .filter((line) => line.startsWith('id: '))
        .map((line) => Number(line.slice(4)));
      expect(seqs).toEqual(storedSeqs);
      const user = await watcher.next('message', (frame) => frame.message.role === 'user');
      expect(user.message.text).toBe('Olá de outro processo');
      await watcher.next('message', (frame) => frame.message.role === 'assistant');
      const run = await watcherSide.request({
        method: 'GET',
        url: `/v1/runs/${complete.event.run_id}`,
        token: owner.accessToken,
      });
      expect(run.json().status).toBe('completed');

      await sender.close();
      await watcher.next(
        'presence',
        (frame) => frame.user_id === member.userId && frame.status === 'offline',
      );
    });
  },
);
