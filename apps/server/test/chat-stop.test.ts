import { randomUUID } from 'node:crypto';
import { runs, withClient } from '@renum/db';
import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

describe('stopping a run mid-stream', () => {
  let t: TestApp;
  let owner: TestSession;
  let conversationId: string;

  beforeAll(async () => {
    // A slow offline model: about 80 ms between chunks, so an answer takes seconds.
    t = await createTestApp(pglite, { models: { offline: { chunkDelayMs: 80, wordsPerChunk: 1 } } });
    owner = await t.signup();
    const agent = await t.createAgent(owner.accessToken, {
      name: 'Lento',
      system_prompt: 'x',
      model: 'offline/renum',
    });
    conversationId = (
      await t.request({
        method: 'POST',
        url: `/v1/agents/${agent.id}/conversations`,
        token: owner.accessToken,
      })
    ).json().id;
  });
  afterAll(async () => t?.close());

  it('aborts the model stream within a second and ends the run stopped', async () => {
    const started = await t.request({
      method: 'POST',
      url: `/v1/conversations/${conversationId}/messages`,
      token: owner.accessToken,
      body: { content: 'Escreva uma resposta longa sobre o clima de hoje em São Paulo e no Rio de Janeiro' },
    });
    const runId = started.json().run_id as string;
    // Wait until the answer is streaming.
    const streaming = new Promise<void>((resolve) => {
      const subscribed = t.run.bus.subscribe(conversationId, (event) => {
        if (event.type === 'content') {
          void subscribed.then((stop) => stop());
          resolve();
        }
      });
    });
    await streaming;
    const before = performance.now();
    const stopped = await t.request({
      method: 'POST',
      url: `/v1/runs/${runId}/stop`,
      token: owner.accessToken,
    });
    const elapsed = performance.now() - before;
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json().status).toBe('stopped');
    expect(elapsed).toBeLessThan(1000);
    const events = await t.request({
      method: 'GET',
      url: `/v1/runs/${runId}/events`,
      token: owner.accessToken,
    });
    const last = events.body.trim().split('\n\n').at(-1)!;
    expect(last).toContain('event: status');
    expect(last).toContain('"status":"stopped"');
    // The conversation is free for the next message.
    const next = await t.request({
      method: 'POST',
      url: `/v1/conversations/${conversationId}/messages`,
      token: owner.accessToken,
      body: { content: 'Oi' },
    });
    expect(next.statusCode).toBe(202);
  });

  it('settles a run whose worker died (lease expired), with a terminal event its watchers receive', async () => {
    const runId = randomUUID();
    const agentId = (await t.request({ method: 'GET', url: '/v1/agents', token: owner.accessToken })).json()
      .data[0].id;
    const orphanConversation = (
      await t.request({
        method: 'POST',
        url: `/v1/agents/${agentId}/conversations`,
        token: owner.accessToken,
      })
    ).json().id;
    await withClient(t.deps.db, owner.clientId, (tx) =>
      tx.insert(runs).values({
        id: runId,
        client_id: owner.clientId,
        conversation_id: orphanConversation,
        agent_id: agentId,
        model: 'offline/renum',
        status: 'running',
        lease_owner: 'dead-process',
        lease_token: randomUUID(),
        lease_expires_at: new Date(Date.now() - 1000),
      }),
    );
    const watching = t.request({ method: 'GET', url: `/v1/runs/${runId}/events`, token: owner.accessToken });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopped = await t.request({
      method: 'POST',
      url: `/v1/runs/${runId}/stop`,
      token: owner.accessToken,
    });
    expect(stopped.json().status).toBe('stopped');
    const body = (await watching).body;
    expect(body).toContain('event: status');
    expect(body).toContain('"status":"stopped"');
  });

  it('refuses a second message while an answer is running', async () => {
    const other = (
      await t.request({
        method: 'POST',
        url: `/v1/agents/${(await t.request({ method: 'GET', url: '/v1/agents', token: owner.accessToken })).json().data[0].id}/conversations`,
        token: owner.accessToken,
      })
    ).json().id;
    const first = await t.request({
      method: 'POST',
      url: `/v1/conversations/${other}/messages`,
      token: owner.accessToken,
      body: { content: 'Uma resposta longa por favor' },
    });
    const second = await t.request({
      method: 'POST',
      url: `/v1/conversations/${other}/messages`,
      token: owner.accessToken,
      body: { content: 'E outra' },
    });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'CONFLICT', run_id: first.json().run_id });
    await t.request({
      method: 'POST',
      url: `/v1/runs/${first.json().run_id}/stop`,
      token: owner.accessToken,
    });
  });
});
