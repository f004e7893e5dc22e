import { randomBytes } from 'node:crypto';
import { createConfiguredSunaExecutor, createInstanceStore } from '@renum/platform';
import { containerNameOf, createDockerEngineClient, createDockerInstanceProvider } from '@renum/runtime';
import {
  type FakeDockerEngine,
  type FakeSuna,
  startFakeDockerEngine,
  startFakeSuna,
  testDatabaseTargets,
} from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const SUNA_KEY = 'pk_docker:sk_docker';
const canary = `tvly-CANARY-${randomBytes(8).toString('hex')}`;

function lastEvent(body: string): Record<string, unknown> | undefined {
  const lines = body.split('\n').filter((line) => line.startsWith('data: '));
  return lines.length ? JSON.parse(lines.at(-1)!.slice(6)) : undefined;
}

const [target] = testDatabaseTargets();

describe.skipIf(!target || target.skipReason !== null)(
  'the docker instance provider against a fake Docker Engine on a Unix socket',
  { timeout: 120_000 },
  () => {
    let engine: FakeDockerEngine;
    let suna: FakeSuna;
    let t: TestApp;
    let owner: TestSession;
    let conversationId: string;
    const instance = async () =>
      (
        await t.handle.query<{ status: string; container_id: string; url: string; error: string | null }>(
          'select status, container_id, url, error from executor_instances where client_id = $1',
          [owner.clientId],
        )
      )[0];

    beforeAll(async () => {
      engine = await startFakeDockerEngine();
      suna = await startFakeSuna({ apiKey: SUNA_KEY });
      t = await createTestApp(target!, {
        docker: { socketPath: engine.socketPath, apiVersion: 'v1.44' },
        // The container's name would resolve on the Docker network; here it is the fake Suna.
        dockerUrlOf: () => suna.url,
      });
      owner = await t.signup();
      const admin = await t.platformAdmin();
      const saved = await t.request({
        method: 'PUT',
        url: '/v1/admin/executors/suna/settings',
        token: admin.accessToken,
        body: {
          url: suna.url,
          api_key: SUNA_KEY,
          tools_url: 'http://127.0.0.1:1',
          instance_provider: 'docker',
          docker_image: 'ghcr.io/kortix-ai/suna-backend:test',
          docker_network: 'renum',
        },
      });
      expect(saved.statusCode).toBe(200);
      await t.request({
        method: 'POST',
        url: '/v1/credentials',
        token: owner.accessToken,
        body: { service: 'tavily', name: 'default', secret: { api_key: canary } },
      });
      const agent = await t.createAgent(owner.accessToken, {
        name: 'Suna em contêiner',
        system_prompt: 'x',
        model: 'openai/gpt-4o-mini',
        executor: 'suna',
        tools: [{ name: 'web_search' }],
      });
      conversationId = await t.openConversation(owner.accessToken, agent.id);
    }, 240_000);
    afterAll(async () => {
      await t?.close();
      await suna?.close();
      await engine?.close();
    });

    it("starts the client's container on its first run: image, network, client label, no client key", async () => {
      suna.enqueueRun({ text: 'Do contêiner.' });
      const answer = await t.ask(owner.accessToken, conversationId, 'Oi');
      expect(lastEvent(answer.body)).toMatchObject({ type: 'complete', content: 'Do contêiner.' });
      const create = engine.requests.find((request) => request.path.includes('/containers/create'));
      expect(create?.path).toBe(`/v1.44/containers/create?name=${containerNameOf(owner.clientId)}`);
      expect(create?.body).toMatchObject({
        Image: 'ghcr.io/kortix-ai/suna-backend:test',
        Labels: { 'renum.client_id': owner.clientId },
        HostConfig: { NetworkMode: 'renum' },
      });
      expect(JSON.stringify(engine.requests)).not.toContain(canary);
      expect(JSON.stringify(engine.requests)).not.toContain(SUNA_KEY);
      const [container] = [...engine.containers.values()];
      expect(container?.status).toBe('running');
      expect(await instance()).toMatchObject({
        status: 'running',
        container_id: container?.id,
        url: suna.url,
      });
      // A second run reuses the running container.
      suna.enqueueRun({ text: 'De novo.' });
      await t.ask(owner.accessToken, conversationId, 'De novo');
      expect(engine.requests.filter((request) => request.path.includes('/containers/create'))).toHaveLength(
        1,
      );
    });

    it('watches: a container that dies becomes failed, and the next run starts a new one', async () => {
      const first = (await instance())!;
      engine.kill(first.container_id, 'OOMKilled');
      const watcher = createConfiguredSunaExecutor(t.deps, {
        docker: createDockerEngineClient({ socketPath: engine.socketPath }),
        dockerUrlOf: () => suna.url,
      });
      const changed = await watcher.watch();
      expect(changed.map((record) => record.clientId)).toEqual([owner.clientId]);
      expect(await instance()).toMatchObject({
        status: 'failed',
        error: expect.stringContaining('exit code 137'),
      });
      suna.enqueueRun({ text: 'Recomeçou.' });
      const answer = await t.ask(owner.accessToken, conversationId, 'Ainda aí?');
      expect(lastEvent(answer.body)).toMatchObject({ type: 'complete', content: 'Recomeçou.' });
      const second = (await instance())!;
      expect(second).toMatchObject({ status: 'running' });
      expect(second.container_id).not.toBe(first.container_id);
      expect(engine.containers.has(first.container_id)).toBe(false); // the dead one was removed
    });

    it('stops and removes the container (status stopped)', async () => {
      const provider = createDockerInstanceProvider({
        engine: createDockerEngineClient({ socketPath: engine.socketPath }),
        store: createInstanceStore(t.deps),
        image: 'ghcr.io/kortix-ai/suna-backend:test',
      });
      const running = (await instance())!;
      await provider.stop(owner.clientId);
      expect(engine.requests.map((request) => `${request.method} ${request.path}`)).toEqual(
        expect.arrayContaining([
          `POST /v1.43/containers/${running.container_id}/stop?t=10`,
          `DELETE /v1.43/containers/${running.container_id}?force=true`,
        ]),
      );
      expect(engine.containers.size).toBe(0);
      expect(await instance()).toMatchObject({ status: 'stopped' });
    });

    it('an engine that does not answer fails the run with EXECUTOR_UNAVAILABLE', async () => {
      await engine.close();
      suna.enqueueRun({ text: 'nunca' });
      const answer = await t.ask(owner.accessToken, conversationId, 'Oi?');
      expect(lastEvent(answer.body)).toMatchObject({ type: 'error', code: 'EXECUTOR_UNAVAILABLE' });
      expect(answer.body).not.toContain(canary);
    });
  },
);
