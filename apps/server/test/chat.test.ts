import { randomUUID } from 'node:crypto';
import { conversations, messages, runs, withClient } from '@renum/db';
import { recoverRuns } from '@renum/platform';
import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

interface SseEvent {
  id: number;
  event: string;
  data: Record<string, unknown> & { type: string; seq: number; run_id: string };
}

function parseSse(body: string): SseEvent[] {
  return body
    .split('\n\n')
    .filter((block) => block.includes('data: '))
    .map((block) => {
      const field = (name: string) =>
        block
          .split('\n')
          .find((line) => line.startsWith(`${name}: `))
          ?.slice(name.length + 2) ?? '';
      return { id: Number(field('id')), event: field('event'), data: JSON.parse(field('data')) };
    });
}

for (const target of testDatabaseTargets()) {
  // Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
  describe.skipIf(target.skipReason !== null)(`chatting with an agent (${target.name})`, () => {
    let t: TestApp;
    let owner: TestSession;
    let agentId: string;

    beforeAll(async () => {
      t = await createTestApp(target, { models: { offline: { chunkDelayMs: 0 } } });
      owner = await t.signup();
      agentId = (
        await t.createAgent(owner.accessToken, {
          name: 'Atendimento',
          system_prompt: 'Você é o atendente.',
          model: 'offline/renum',
        })
      ).id;
      await t.request({
        method: 'POST',
        url: `/v1/agents/${agentId}/sub-agents`,
        token: owner.accessToken,
        body: {
          name: 'Cobrança',
          system_prompt: 'Você cuida de cobrança.',
          topics: ['pagamento', 'cobrança', 'fatura'],
        },
      });
      await t.request({
        method: 'POST',
        url: `/v1/agents/${agentId}/sub-agents`,
        token: owner.accessToken,
        body: {
          name: 'Suporte Técnico',
          system_prompt: 'Você é o suporte.',
          topics: ['suporte', 'erro', 'senha'],
        },
      });
    });
    afterAll(async () => t?.close());

    const openConversation = () => t.openConversation(owner.accessToken, agentId);

    const ask = (conversationId: string, content: string, stream = true) =>
      t.ask(owner.accessToken, conversationId, content, { stream });

    it('routes a billing question to Cobrança and streams the answer as SSE events', async () => {
      const conversationId = await openConversation();
      const response = await ask(conversationId, 'Quero a segunda via da minha fatura');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/event-stream');
      expect(response.headers['x-accel-buffering']).toBe('no');
      expect(response.headers['x-content-type-options']).toBe('nosniff'); // hooks' headers survive the hijack
      const events = parseSse(response.body);
      const types = events.map((event) => event.event);
      expect(types[0]).toBe('status');
      expect(types[1]).toBe('agent_switch');
      expect(events[1]!.data).toMatchObject({
        agent: 'Cobrança',
        via: 'topic_match',
        matched_topics: ['fatura'],
      });
      expect(types).toContain('content');
      expect(types.at(-1)).toBe('complete');
      expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
      const text = events
        .filter((event) => event.event === 'content')
        .map((event) => event.data.content)
        .join('');
      const runId = events[0]!.data.run_id;
      const history = (
        await t.request({
          method: 'GET',
          url: `/v1/conversations/${conversationId}/messages`,
          token: owner.accessToken,
        })
      ).json();
      expect(history.data.map((message: { role: string }) => message.role)).toEqual(['user', 'assistant']);
      expect(history.data[1].text).toBe(text);
      expect(history.data[1].sub_agent_id).toBeTruthy();
      expect(events.at(-1)!.data.message_id).toBe(history.data[1].id);
      const run = (
        await t.request({ method: 'GET', url: `/v1/runs/${runId}`, token: owner.accessToken })
      ).json();
      expect(run).toMatchObject({ status: 'completed', model: 'offline/renum', routing_error: null });
      expect(run.tokens_output).toBeGreaterThan(0);
      const usage = await t.handle.query<{ tokens_input: number; tokens_output: number }>(
        'select sum(tokens_input)::int as tokens_input, sum(tokens_output)::int as tokens_output from renum_ai_usage_logs where run_id = $1',
        [runId],
      );
      expect(usage[0]).toEqual({ tokens_input: run.tokens_input, tokens_output: run.tokens_output });
    });

    it('answers with the main agent and records a non-fatal ROUTING_ERROR when no topic matches', async () => {
      const conversationId = await openConversation();
      const response = await ask(conversationId, 'Bom dia, tudo bem?');
      const events = parseSse(response.body);
      expect(events.map((event) => event.event)).not.toContain('agent_switch');
      expect(events.at(-1)!.event).toBe('complete');
      const run = (
        await t.request({
          method: 'GET',
          url: `/v1/runs/${events[0]!.data.run_id}`,
          token: owner.accessToken,
        })
      ).json();
      expect(run.status).toBe('completed');
      expect(run.sub_agent_id).toBeNull();
      expect(run.routing_error).toMatch(/No matching sub-agent/);
    });

    it('replays a run’s events after a given sequence, exactly once', async () => {
      const conversationId = await openConversation();
      const all = parseSse((await ask(conversationId, 'Como faço o pagamento do boleto?')).body);
      const runId = all[0]!.data.run_id;
      const k = 2;
      const rest = await t.request({
        method: 'GET',
        url: `/v1/runs/${runId}/events`,
        token: owner.accessToken,
        headers: { 'last-event-id': String(k) },
      });
      expect(parseSse(rest.body).map((event) => event.id)).toEqual(all.slice(k).map((event) => event.id));
      const viaQuery = await t.request({
        method: 'GET',
        url: `/v1/runs/${runId}/events?after_seq=${k}`,
        token: owner.accessToken,
      });
      expect(parseSse(viaQuery.body)).toEqual(parseSse(rest.body));
    });

    it('continues a conversation with its history and numbers events across runs', async () => {
      const conversationId = await openConversation();
      const first = parseSse((await ask(conversationId, 'Olá')).body);
      const second = parseSse((await ask(conversationId, 'Obrigado')).body);
      // Numbers come from blocks each run reserves (ADR 0009 §6): increasing, with gaps between runs.
      expect(second[0]!.id).toBeGreaterThan(first.at(-1)!.id);
      expect(second.map((event) => event.id)).toEqual(
        [...second.map((event) => event.id)].sort((a, b) => a - b),
      );
      const conversation = (
        await t.request({
          method: 'GET',
          url: `/v1/conversations/${conversationId}`,
          token: owner.accessToken,
        })
      ).json();
      expect(conversation.last_seq).toBe(second.at(-1)!.id);
    });

    it('calls a tool, streams its call and result, and stores them in the answer', async () => {
      const conversationId = await openConversation();
      const events = parseSse((await ask(conversationId, 'Calcule 12 * (3 + 4)')).body);
      const call = events.find((event) => event.event === 'tool_call');
      const result = events.find((event) => event.event === 'tool_result');
      expect(call?.data).toMatchObject({ tool: 'calculator', params: { expression: '12 * (3 + 4)' } });
      expect(result?.data).toMatchObject({ tool: 'calculator', is_error: false });
      expect(JSON.stringify(result?.data.result)).toContain('84');
      const text = events
        .filter((event) => event.event === 'content')
        .map((event) => event.data.content)
        .join('');
      expect(text).toContain('84');
      const history = (
        await t.request({
          method: 'GET',
          url: `/v1/conversations/${conversationId}/messages`,
          token: owner.accessToken,
        })
      ).json();
      const parts = history.data[1].content.map((part: { type: string }) => part.type);
      expect(parts).toEqual(['tool-call', 'tool-result', 'text']);
    });

    it('replays the whole answer to a streaming send retried with its Idempotency-Key', async () => {
      const conversationId = await openConversation();
      const send = () =>
        t.request({
          method: 'POST',
          url: `/v1/conversations/${conversationId}/messages`,
          token: owner.accessToken,
          body: { content: 'Oi' },
          headers: { accept: 'text/event-stream', 'idempotency-key': `chat-${conversationId}` },
        });
      const first = parseSse((await send()).body);
      const retried = parseSse((await send()).body);
      expect(first.at(-1)?.event).toBe('complete');
      expect(retried).toEqual(first);
    });

    it('returns the run id without streaming when SSE is not asked for', async () => {
      const conversationId = await openConversation();
      const response = await ask(conversationId, 'Oi', false);
      expect(response.statusCode).toBe(202);
      // Stored already claimed by this process's worker (local pick-up, ADR 0009 §3).
      expect(response.json().run.status).toBe('running');
      const events = await t.request({
        method: 'GET',
        url: `/v1/runs/${response.json().run_id}/events`,
        token: owner.accessToken,
      });
      expect(parseSse(events.body).at(-1)!.event).toBe('complete');
    });

    it('refuses an agent whose model provider is not configured, before writing anything', async () => {
      const agent = await t.createAgent(owner.accessToken, {
        name: 'Cloud',
        system_prompt: 'x',
        model: 'anthropic/claude-haiku-4-5',
      });
      const conversationId = await t.openConversation(owner.accessToken, agent.id);
      const response = await ask(conversationId, 'Oi');
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'MODEL_NOT_CONFIGURED', provider: 'anthropic' });
      const count = await t.handle.query<{ n: number }>(
        'select count(*)::int as n from messages where conversation_id = $1',
        [conversationId],
      );
      expect(count[0]?.n).toBe(0);
    });

    it('marks a run left running by a dead process failed INTERRUPTED, and its conversation shows it', async () => {
      const conversationId = await openConversation();
      const runId = randomUUID();
      await withClient(t.deps.db, owner.clientId, async (tx) => {
        await tx.insert(runs).values({
          id: runId,
          client_id: owner.clientId,
          conversation_id: conversationId,
          agent_id: agentId,
          model: 'offline/renum',
          status: 'running',
          lease_owner: 'dead-process',
          lease_expires_at: new Date(Date.now() - 1000),
        });
        await tx.insert(messages).values({
          id: randomUUID(),
          client_id: owner.clientId,
          conversation_id: conversationId,
          run_id: runId,
          role: 'user',
          text: 'perdido',
        });
      });
      const recovered = await recoverRuns(t.deps, { bus: t.run.bus, jobs: t.jobs });
      expect(recovered.interrupted).toContain(runId);
      const run = (
        await t.request({ method: 'GET', url: `/v1/runs/${runId}`, token: owner.accessToken })
      ).json();
      expect(run).toMatchObject({ status: 'failed', error_code: 'INTERRUPTED' });
      const events = parseSse(
        (await t.request({ method: 'GET', url: `/v1/runs/${runId}/events`, token: owner.accessToken })).body,
      );
      expect(events.map((event) => [event.event, event.data.code])).toEqual([['error', 'INTERRUPTED']]);
      const [conversation] = await withClient(t.deps.db, owner.clientId, (tx) =>
        tx.select().from(conversations),
      );
      expect(conversation).toBeDefined();
    });
  });
}
