import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

for (const target of testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== null)(`GET /v1/runs (${target.name})`, () => {
    let t: TestApp;
    let owner: TestSession;
    let other: TestSession;
    let agentA: string;
    let agentB: string;
    let conversationA: string;
    const runIds: string[] = [];

    const post = (token: string, url: string, body?: object) =>
      t.request({ method: 'POST', url, token, ...(body ? { body } : {}) });
    const list = (token: string, query = '') => t.request({ method: 'GET', url: `/v1/runs${query}`, token });

    /** Sends a message and waits until its run has ended, so the next send is not refused as busy. */
    async function chat(conversationId: string, content: string) {
      const sent = await post(owner.accessToken, `/v1/conversations/${conversationId}/messages`, { content });
      expect(sent.statusCode).toBe(202);
      const runId = sent.json().run_id as string;
      for (let i = 0; i < 200; i++) {
        const run = (
          await t.request({ method: 'GET', url: `/v1/runs/${runId}`, token: owner.accessToken })
        ).json();
        if (!['queued', 'running'].includes(run.status)) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      runIds.push(runId);
      return runId;
    }

    beforeAll(async () => {
      t = await createTestApp(target);
      [owner, other] = [await t.signup(), await t.signup()];
      const agent = async (name: string) =>
        (
          await post(owner.accessToken, '/v1/agents', { name, system_prompt: 'x', model: 'offline/renum' })
        ).json().id as string;
      agentA = await agent('Alfa');
      agentB = await agent('Beta');
      conversationA = (await post(owner.accessToken, `/v1/agents/${agentA}/conversations`)).json().id;
      const conversationB = (await post(owner.accessToken, `/v1/agents/${agentB}/conversations`)).json().id;
      await chat(conversationA, 'Oi');
      await chat(conversationB, 'Olá');
      await chat(conversationA, 'Tudo bem?');
    });
    afterAll(async () => t?.close());

    it('lists the client’s runs newest first, in cursor pages', async () => {
      const first = await list(owner.accessToken, '?limit=2');
      expect(first.statusCode).toBe(200);
      const page = first.json();
      expect(page.data.map((run: { id: string }) => run.id)).toEqual([runIds[2], runIds[1]]);
      expect(page.data[0]).toMatchObject({
        agent_id: agentA,
        status: 'completed',
        client_id: owner.clientId,
      });
      expect(page.next_cursor).toEqual(expect.any(String));
      const second = (await list(owner.accessToken, `?limit=2&cursor=${page.next_cursor}`)).json();
      expect(second.data.map((run: { id: string }) => run.id)).toEqual([runIds[0]]);
      expect(second.next_cursor).toBeNull();
    });

    it('filters by agent, conversation and status', async () => {
      const byAgent = (await list(owner.accessToken, `?agent_id=${agentB}`)).json();
      expect(byAgent.data.map((run: { id: string }) => run.id)).toEqual([runIds[1]]);
      const byConversation = (await list(owner.accessToken, `?conversation_id=${conversationA}`)).json();
      expect(byConversation.data.map((run: { id: string }) => run.id)).toEqual([runIds[2], runIds[0]]);
      expect((await list(owner.accessToken, '?status=completed')).json().data).toHaveLength(3);
      expect((await list(owner.accessToken, '?status=running')).json().data).toHaveLength(0);
    });

    it('shows another client nothing and rejects bad queries', async () => {
      expect((await list(other.accessToken)).json()).toEqual({ data: [], next_cursor: null });
      expect((await list(other.accessToken, `?agent_id=${agentA}`)).json().data).toEqual([]);
      const badStatus = await list(owner.accessToken, '?status=exploded');
      expect(badStatus.statusCode).toBe(400);
      expect(badStatus.json().code).toBe('VALIDATION_ERROR');
      const badCursor = await list(owner.accessToken, '?cursor=nope');
      expect(badCursor.statusCode).toBe(400);
      expect((await t.request({ method: 'GET', url: '/v1/runs' })).statusCode).toBe(401);
    });
  });
}
