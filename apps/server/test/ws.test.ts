import { randomUUID } from 'node:crypto';
import type { RunEvent } from '@renum/contracts';
import { messageReads, messages, withClient } from '@renum/db';
import { testDatabaseTargets } from '@renum/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';
import { openTestSocket, type TestSocket } from './ws-test-client.ts';

// Postgres when it is there (row-level security under a non-superuser role), else PGlite.
const targets = testDatabaseTargets();
const target =
  targets.find((candidate) => candidate.name === 'postgres' && candidate.skipReason === null) ?? targets[0]!;

describe(`the WebSocket /ws (${target.name})`, () => {
  let t: TestApp;
  let baseUrl: string;
  let owner: TestSession;
  let agentId: string;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    t = await createTestApp(target, {
      models: { offline: { chunkDelayMs: 2 } },
      wsLimits: { heartbeatMs: 500, framesPerWindow: 40, frameWindowMs: 60_000, maxFrameBytes: 8 * 1024 },
    });
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    owner = await t.signup();
    agentId = (await t.createAgent(owner.accessToken, { name: 'Atendente', system_prompt: 'Você atende.' }))
      .id;
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await t?.close();
  });

  const connect = async (query: string, headers?: Record<string, string>) => {
    const socket = await openTestSocket(`${baseUrl}/ws?${query}`, headers ? { headers } : {});
    sockets.push(socket);
    return socket;
  };
  const connectAs = async (session: TestSession) => {
    const socket = await connect(`token=${session.accessToken}`);
    await socket.next('connected');
    return socket;
  };
  const messageCount = async (clientId: string) =>
    (await withClient(t.handle.db, clientId, (tx) => tx.select({ id: messages.id }).from(messages))).length;

  it('accepts a valid token with connected, answers ping with pong, and closes an invalid one with 1008', async () => {
    const socket = await connect(`token=${owner.accessToken}`);
    expect(await socket.next('connected')).toEqual({ type: 'connected', user_id: owner.userId });
    socket.send({ type: 'ping' });
    await socket.next('pong');

    const refused = await connect('token=not-a-jwt');
    expect(await refused.next('error')).toEqual({
      type: 'error',
      error: 'Invalid or expired token',
      code: 'AUTH_ERROR',
    });
    expect(await refused.closed).toEqual({ code: 1008, reason: 'Invalid token' });
    const none = await connect('');
    expect((await none.closed).code).toBe(1008);
  });

  it('refuses a person without a client (a platform admin) with FORBIDDEN, and the server stays up', async () => {
    const admin = await t.platformAdmin();
    const issued = await t.request({ method: 'POST', url: '/v1/ws-tickets', token: admin.accessToken });
    // Once crashed the process: the refusal was thrown where no handler caught it (found by admin-view-as.e2e).
    for (const query of [`ticket=${issued.json().ticket}`, `token=${admin.accessToken}`]) {
      const refused = await connect(query);
      expect(await refused.next('error')).toEqual({
        type: 'error',
        error: 'The WebSocket needs a client membership',
        code: 'FORBIDDEN',
      });
      expect(await refused.closed).toEqual({ code: 1008, reason: 'Refused' });
    }
    const still = await connect(`token=${owner.accessToken}`);
    expect((await still.next('connected')).user_id).toBe(owner.userId);
  });

  it('accepts a ticket once; a reused ticket or an access token given as a ticket is refused', async () => {
    const issued = await t.request({ method: 'POST', url: '/v1/ws-tickets', token: owner.accessToken });
    expect(issued.statusCode).toBe(201);
    const { ticket, expires_in } = issued.json();
    expect(expires_in).toBe(30);
    const first = await connect(`ticket=${ticket}`);
    expect((await first.next('connected')).user_id).toBe(owner.userId);
    const again = await connect(`ticket=${ticket}`);
    expect(await again.closed).toEqual({ code: 1008, reason: 'Invalid token' });
    const tokenAsTicket = await connect(`ticket=${owner.accessToken}`);
    expect((await tokenAsTicket.closed).code).toBe(1008);
    expect((await t.request({ method: 'POST', url: '/v1/ws-tickets' })).statusCode).toBe(401);
  });

  it('refuses a browser from an Origin not allowed before the upgrade, and accepts its own', async () => {
    await expect(
      openTestSocket(`${baseUrl}/ws?token=${owner.accessToken}`, {
        headers: { origin: 'https://evil.example' },
      }),
    ).rejects.toThrow('unexpected response 403');
    const own = await connect(`token=${owner.accessToken}`, { origin: baseUrl });
    await own.next('connected');
  });

  it('answers a malformed frame VALIDATION_ERROR and stays usable; a frame too large closes with 1009', async () => {
    const socket = await connectAs(owner);
    socket.sendRaw('{not json');
    expect(await socket.next('error')).toMatchObject({
      code: 'VALIDATION_ERROR',
      error: 'Invalid message format',
    });
    socket.send({ type: 'typing', conversation_id: 'nope', is_typing: 'yes' });
    await socket.next('error', (frame) => frame.details !== undefined);
    socket.send({ type: 'ping' });
    await socket.next('pong');
    socket.sendRaw(JSON.stringify({ type: 'ping', pad: 'x'.repeat(9000) }));
    expect((await socket.closed).code).toBe(1009);
  });

  it('limits frames per connection with RATE_LIMITED', async () => {
    const socket = await connectAs(owner);
    for (let index = 0; index < 45; index++) socket.send({ type: 'ping' });
    await socket.next('error', (frame) => frame.code === 'RATE_LIMITED');
    expect(socket.frames.filter((frame) => frame.type === 'pong')).toHaveLength(40);
  });

  it('starts a run from a message frame as POST …/messages does, streams its events with the SSE seq, and 409s a busy conversation', async () => {
    const conversationId = await t.openConversation(owner.accessToken, agentId);
    const socket = await connectAs(owner);
    socket.send({ type: 'message', conversation_id: conversationId, content: 'Olá, tudo bem?' });
    socket.send({ type: 'message', conversation_id: conversationId, content: 'De novo' });
    expect(await socket.next('error')).toMatchObject({ code: 'CONFLICT', frame: 'message' });
    const complete = await socket.next('event', (frame) => frame.event.type === 'complete');
    const live = socket.frames.flatMap((frame) => (frame.type === 'event' ? [frame.event] : []));
    const stored = await t.request({
      method: 'GET',
      url: `/v1/runs/${complete.event.run_id}/events`,
      token: owner.accessToken,
    });
    const storedSeqs = stored.body
      .split('\n')
      .filter((line) => line.startsWith('id: '))
      .map((line) => Number(line.slice(4)));
    expect(live.map((event) => event.seq)).toEqual(storedSeqs);
    const user = await socket.next('message', (frame) => frame.message.role === 'user');
    expect(user.message.text).toBe('Olá, tudo bem?');
    const answer = await socket.next('message', (frame) => frame.message.role === 'assistant');
    expect(answer.message.id).toBe((complete.event as Extract<RunEvent, { type: 'complete' }>).message_id);
    expect(await messageCount(owner.clientId)).toBeGreaterThanOrEqual(2);
  });

  it('answers a frame about another client’s conversation with an error and changes nothing', async () => {
    const other = await t.signup();
    const otherAgent = (await t.createAgent(other.accessToken, { name: 'B', system_prompt: 'B' })).id;
    const foreign = await t.openConversation(other.accessToken, otherAgent);
    const before = await messageCount(other.clientId);
    const socket = await connectAs(owner);
    const frames = [
      { type: 'message', conversation_id: foreign, content: 'intruso' },
      { type: 'subscribe', conversation_id: foreign },
      { type: 'typing', conversation_id: foreign, is_typing: true },
      { type: 'read', conversation_id: foreign, message_id: randomUUID() },
      { type: 'sync', conversations: [{ conversation_id: foreign, after_seq: 0 }] },
    ];
    for (const frame of frames) socket.send(frame);
    for (const frame of frames) {
      await socket.next(
        'error',
        (error) => error.frame === frame.type && error.code === 'CONVERSATION_NOT_FOUND',
      );
    }
    expect(socket.frames.some((frame) => frame.type === 'subscribed')).toBe(false);
    expect(await messageCount(other.clientId)).toBe(before);
  });

  it('broadcasts typing and presence to the people of the same client only, and read receipts stored once', async () => {
    const member = await t.joinAs(owner.accessToken);
    const stranger = await t.signup();
    const a = await connectAs(owner);
    const c = await connectAs(stranger);
    const b = await connectAs(member);
    await a.next('presence', (frame) => frame.user_id === member.userId && frame.status === 'online');
    // The newcomer learns who was already there.
    await b.next('presence', (frame) => frame.user_id === owner.userId && frame.status === 'online');

    const conversationId = await t.openConversation(owner.accessToken, agentId);
    a.send({ type: 'typing', conversation_id: conversationId, is_typing: true });
    expect(await b.next('typing')).toEqual({
      type: 'typing',
      user_id: owner.userId,
      conversation_id: conversationId,
      is_typing: true,
    });

    await t.ask(owner.accessToken, conversationId, 'Uma pergunta', { stream: true });
    const [firstMessage] = (
      await t.request({
        method: 'GET',
        url: `/v1/conversations/${conversationId}/messages`,
        token: owner.accessToken,
      })
    ).json().data;
    b.send({ type: 'read', conversation_id: conversationId, message_id: firstMessage.id });
    const receipt = await a.next('read');
    expect(receipt).toMatchObject({ user_id: member.userId, message_id: firstMessage.id });
    b.send({ type: 'read', conversation_id: conversationId, message_id: firstMessage.id });
    await b.next('read', (frame) => frame.read_at === receipt.read_at);
    const reads = await withClient(t.handle.db, owner.clientId, (tx) =>
      tx.select().from(messageReads).where(eq(messageReads.message_id, firstMessage.id)),
    );
    expect(reads.map((row) => row.user_id)).toEqual([member.userId]);

    await b.close();
    await a.next('presence', (frame) => frame.user_id === member.userId && frame.status === 'offline');
    // Nothing of the first client reached the second.
    expect(c.frames.filter((frame) => frame.type !== 'connected' && frame.type !== 'presence')).toEqual([]);
    expect(c.frames.filter((frame) => frame.type === 'presence').map((frame) => frame.user_id)).toEqual([
      stranger.userId,
    ]);
  });

  it('shows a person away when their connection says so, online again when it comes back', async () => {
    const member = await t.joinAs(owner.accessToken);
    const watcher = await connectAs(owner);
    const person = await connectAs(member);
    await watcher.next('presence', (frame) => frame.user_id === member.userId && frame.status === 'online');
    person.send({ type: 'presence', status: 'away' });
    await watcher.next('presence', (frame) => frame.user_id === member.userId && frame.status === 'away');
    // A newcomer is told the member is away, not online.
    const late = await connectAs(owner);
    await late.next('presence', (frame) => frame.user_id === member.userId && frame.status === 'away');
    person.send({ type: 'presence', status: 'busy' });
    await person.next('error', (frame) => frame.code === 'VALIDATION_ERROR');
    person.send({ type: 'presence', status: 'online' });
    await late.next('presence', (frame) => frame.user_id === member.userId && frame.status === 'online');
  });

  it('takes a killed connection offline by the heartbeat', async () => {
    const member = await t.joinAs(owner.accessToken);
    const watcher = await connectAs(owner);
    const doomed = await connectAs(member);
    await watcher.next('presence', (frame) => frame.user_id === member.userId && frame.status === 'online');
    // The client stops reading: it answers no more pings, as a dead peer would.
    (doomed.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    await watcher.next(
      'presence',
      (frame) => frame.user_id === member.userId && frame.status === 'offline',
      3000,
    );
  });

  it('after a drop mid-answer, sync resumes every event after the last one seen exactly once, in order', async () => {
    const conversationId = await t.openConversation(owner.accessToken, agentId);
    const first = await connectAs(owner);
    first.send({ type: 'message', conversation_id: conversationId, content: 'Conte uma história longa' });
    const cut = await first.next('event', (frame) => frame.event.type === 'content');
    const seen = first.frames.flatMap((frame) => (frame.type === 'event' ? [frame.event.seq] : []));
    first.socket.terminate();
    const lastSeen = Math.max(...seen);
    expect(lastSeen).toBeGreaterThanOrEqual(cut.event.seq);

    const second = await connectAs(owner);
    second.send({ type: 'sync', conversations: [{ conversation_id: conversationId, after_seq: lastSeen }] });
    const complete = await second.next('event', (frame) => frame.event.type === 'complete');
    const resumed = second.frames.flatMap((frame) => (frame.type === 'event' ? [frame.event.seq] : []));
    const stored = await t.request({
      method: 'GET',
      url: `/v1/runs/${complete.event.run_id}/events`,
      token: owner.accessToken,
    });
    const all = stored.body
      .split('\n')
      .filter((line) => line.startsWith('id: '))
      .map((line) => Number(line.slice(4)));
    expect([...seen, ...resumed]).toEqual(all);

    second.send({ type: 'sync', last_message_id: cut.event.run_id });
    const data = await second.next('sync_data');
    expect(data.messages.map((message) => message.role)).toContain('assistant');
  });

  it('a message reads the same in sync_data as in the HTTP list, citations included', async () => {
    const conversationId = await t.openConversation(owner.accessToken, agentId);
    const before = await connectAs(owner);
    before.send({ type: 'message', conversation_id: conversationId, content: 'Olá' });
    const complete = await before.next('event', (frame) => frame.event.type === 'complete');
    const citation = {
      n: 1,
      chunk_id: randomUUID(),
      document_id: randomUUID(),
      knowledge_base_id: randomUUID(),
      document_title: 'Manual.pdf',
      heading_path: ['Faturas'],
      page: 3,
      score: 0.9,
      excerpt: 'A fatura vence no dia 10.',
    };
    await withClient(t.handle.db, owner.clientId, (tx) =>
      tx
        .update(messages)
        .set({ citations: [citation] })
        .where(and(eq(messages.run_id, complete.event.run_id), eq(messages.role, 'assistant'))),
    );
    const listed = await t.request({
      method: 'GET',
      url: `/v1/conversations/${conversationId}/messages`,
      token: owner.accessToken,
    });
    const answer = listed.json().data.find((message: { role: string }) => message.role === 'assistant');
    expect(answer.citations).toEqual([citation]);
    const socket = await connectAs(owner);
    socket.send({ type: 'sync', last_message_id: complete.event.run_id });
    const data = await socket.next('sync_data');
    expect(data.messages.find((message) => message.id === answer.id)).toEqual(answer);
  });

  it('follows a team execution with the SSE numbering; another client’s execution is TEAM_EXECUTION_NOT_FOUND', async () => {
    const team = await t.request({
      method: 'POST',
      url: '/v1/teams',
      token: owner.accessToken,
      body: {
        name: 'Dupla',
        workflow_definition: { type: 'sequential', agents: [{ agent_id: agentId, role: 'writer' }] },
      },
    });
    expect(team.statusCode, team.body).toBe(201);
    const started = await t.request({
      method: 'POST',
      url: `/v1/teams/${team.json().id}/executions`,
      token: owner.accessToken,
      body: { initial_prompt: 'Escreva um resumo' },
    });
    const executionId: string = started.json().execution_id;
    const socket = await connectAs(owner);
    socket.send({ type: 'subscribe_execution', execution_id: executionId });
    await socket.next('execution_subscribed');
    await socket.next(
      'execution_event',
      (frame) => frame.event.type === 'complete' && frame.event.step_index === null,
    );
    const seqs = socket.frames.flatMap((frame) =>
      frame.type === 'execution_event' ? [frame.event.seq] : [],
    );
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));
    expect(
      socket.frames.some((frame) => frame.type === 'execution_event' && frame.event.type === 'step_start'),
    ).toBe(true);
    const stranger = await t.signup();
    const other = await connectAs(stranger);
    other.send({ type: 'subscribe_execution', execution_id: executionId });
    await other.next('error', (error) => error.code === 'TEAM_EXECUTION_NOT_FOUND');
    expect(other.frames.some((frame) => frame.type === 'execution_event')).toBe(false);
  });
});
