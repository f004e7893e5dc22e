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
      const subAgent = await post(owner.accessToken, `/v1/agents/${agentA}/sub-agents`, {
        name: 'Cobrança',
        system_prompt: 'Você cuida de cobrança.',
        topics: ['fatura', 'boleto'],
      });
      expect(subAgent.statusCode).toBe(201);
      conversationA = (await post(owner.accessToken, `/v1/agents/${agentA}/conversations`)).json().id;
      const conversationB = (await post(owner.accessToken, `/v1/agents/${agentB}/conversations`)).json().id;
      await chat(conversationA, 'Oi');
      await chat(conversationB, 'Olá');
      await chat(conversationA, `Quero a segunda via da minha fatura, ${'por favor '.repeat(30)}`);
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

    it('names the agent and sub-agent and previews the message each run answered', async () => {
      const page = (await list(owner.accessToken)).json();
      const [billing, beta, greeting] = page.data;
      expect(billing).toMatchObject({ agent_name: 'Alfa', sub_agent_name: 'Cobrança' });
      expect(billing.sub_agent_id).toEqual(expect.any(String));
      // The preview is the message's start, cut at 140 characters with an ellipsis.
      expect(billing.message_preview).toMatch(
        /^Quero a segunda via da minha fatura, por favor por favor .*…$/,
      );
      expect(billing.message_preview).toHaveLength(140);
      expect(beta).toMatchObject({ agent_name: 'Beta', sub_agent_name: null, message_preview: 'Olá' });
      expect(greeting).toMatchObject({ agent_name: 'Alfa', sub_agent_name: null, message_preview: 'Oi' });
      const one = (
        await t.request({ method: 'GET', url: `/v1/runs/${runIds[2]}`, token: owner.accessToken })
      ).json();
      expect(one).toMatchObject({
        agent_name: 'Alfa',
        sub_agent_name: 'Cobrança',
        message_preview: billing.message_preview,
      });
    });

    it('gives the platform’s own texts a code and values to translate (ADR 0052)', async () => {
      const stream = await t.request({
        method: 'GET',
        url: `/v1/runs/${runIds[2]}/events`,
        token: owner.accessToken,
      });
      const events = stream.body
        .split('\n\n')
        .flatMap((block) => block.split('\n').filter((line) => line.startsWith('data: ')))
        .map((line) => JSON.parse(line.slice(6)));
      const running = events.find((event) => event.type === 'status' && event.status === 'running');
      // The old text stays for API compatibility; the code says the same in any language.
      expect(running).toMatchObject({
        content: '🤔 Processando sua solicitação...',
        content_code: 'run.processing',
      });
      const routed = events.find((event) => event.type === 'agent_switch');
      expect(routed).toMatchObject({
        content_code: 'routing.sub_agent',
        content_params: { name: 'Cobrança', topics: 'fatura' },
      });
      const greeting = (
        await t.request({ method: 'GET', url: `/v1/runs/${runIds[0]}`, token: owner.accessToken })
      ).json();
      expect(greeting.routing_error).toMatch(/^No matching sub-agent found/);
      expect(greeting.routing_error_code).toBe('routing.no_match');
      expect(greeting.routing_error_params).toEqual({ answer: expect.any(String) });
    });

    it('never shows another client’s runs, names or messages', async () => {
      // The other client chats too: its own runs carry its own names and message, never the owner's.
      const theirAgent = (
        await post(other.accessToken, '/v1/agents', {
          name: 'Gama',
          system_prompt: 'x',
          model: 'offline/renum',
        })
      ).json().id as string;
      const theirConversation = (
        await post(other.accessToken, `/v1/agents/${theirAgent}/conversations`)
      ).json().id;
      const sent = await post(other.accessToken, `/v1/conversations/${theirConversation}/messages`, {
        content: 'Segredo da Gama',
      });
      expect(sent.statusCode).toBe(202);
      const theirs = (await list(other.accessToken)).json().data;
      expect(theirs).toHaveLength(1);
      expect(theirs[0]).toMatchObject({ agent_name: 'Gama', message_preview: 'Segredo da Gama' });
      const body = JSON.stringify(theirs);
      for (const secret of ['Alfa', 'Beta', 'Cobrança', 'Quero a segunda via', 'Oi"'])
        expect(body).not.toContain(secret);
      const mine = JSON.stringify((await list(owner.accessToken)).json());
      expect(mine).not.toContain('Gama');
      const notTheirs = await t.request({
        method: 'GET',
        url: `/v1/runs/${runIds[2]}`,
        token: other.accessToken,
      });
      expect(notTheirs.statusCode).toBe(404);
      expect(notTheirs.body).not.toContain('Cobrança');
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
      const theirs = (await list(other.accessToken)).json();
      expect(theirs.data.every((run: { client_id: string }) => run.client_id === other.clientId)).toBe(true);
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
