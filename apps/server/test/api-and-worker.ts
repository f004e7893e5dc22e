import { randomBytes } from 'node:crypto';
import type { Config } from '@renum/config';
import type { TestDatabaseTarget, testRedis } from '@renum/testing';
import pino from 'pino';
import { openScaleDeps, type ScaleDeps } from '../src/scale-deps.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { openTestSocket, type TestSocket } from './ws-test-client.ts';

/** Two processes of one deployment: the API process holds the sockets and runs no job; the worker runs them. */
export interface ApiAndWorker {
  api: TestApp;
  worker: TestApp;
  /** A WebSocket on the API process, once `connected`; closed with the deployment. */
  connect(token: string): Promise<TestSocket>;
  close(): Promise<void>;
}

/**
 * Starts an API process (listening, so sockets reach it) and a worker process on one Postgres and one Redis
 * key prefix, sharing the JWT secret, as a deployment's two roles: a frame published on the worker must
 * cross Redis to reach the API process's sockets.
 */
export async function openApiAndWorker(options: {
  postgres: TestDatabaseTarget;
  redis: ReturnType<typeof testRedis>;
  name: string;
}): Promise<ApiAndWorker> {
  const jwtSecret = new TextEncoder().encode(randomBytes(32).toString('hex'));
  const config = {
    scale: {
      redisUrl: options.redis.url!,
      redisPrefix: options.redis.prefix(options.name).slice(0, -1),
      role: 'all',
    },
    vault: { credentialCacheTtlMs: 10_000 },
  } as Pick<Config, 'scale' | 'vault'>;
  const scales: ScaleDeps[] = [];
  const sockets: TestSocket[] = [];
  const start = async (worker: boolean) => {
    const scale = await openScaleDeps({ config, logger: pino({ level: 'silent' }) });
    scales.push(scale);
    return createTestApp(options.postgres, { auth: { jwtSecret }, worker, scale });
  };
  const apps: TestApp[] = [];
  const closeAll = async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await Promise.all(apps.map((app) => app.close()));
    await Promise.all(scales.map((scale) => scale.close()));
  };
  let apiUrl: string;
  try {
    apps.push(await start(false), await start(true));
    apiUrl = await apps[0]!.app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await closeAll();
    throw error;
  }
  const [api, worker] = apps as [TestApp, TestApp];
  return {
    api,
    worker,
    async connect(token) {
      const socket = await openTestSocket(`${apiUrl}/ws?token=${token}`);
      sockets.push(socket);
      await socket.next('connected');
      return socket;
    },
    close: closeAll,
  };
}
