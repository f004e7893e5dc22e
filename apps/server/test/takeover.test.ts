import { auditLog, runs, withClient } from '@renum/db';
import { testDatabaseTargets } from '@renum/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';
import { openTestSocket, type TestSocket } from './ws-test-client.ts';

const targets = testDatabaseTargets();
const target =
  targets.find((candidate) => candidate.name === 'postgres' && candidate.skipReason === null) ?? targets[0]!;

describe(`taking a conversation over from its agent (${target.name})`, () => {
  let t: TestApp;
  let baseUrl: string;
  let owner: TestSession;
  let agentId: string;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    // Slow enough that an answer is still being written when the conversation is taken over.
    t = await createTestApp(target, { models: { offline: { chunkDelayMs: 40, wordsPerChunk: 1 } } });
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    owner = await t.signup();
    agentId = (await t.createAgent(owner.accessToken, { name: 'Atendente', system_prompt: 'Você atende.' }))
      .id;
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await t?.close();
  });

  const connectAs = async (session: TestSession) => {
    const socket = await openTestSocket(`${baseUrl}/ws?token=${session.accessToken}`);
    sockets.push(socket);
    await socket.next('connected');
    return socket;
  };
  const post = (token: string, url: string, body?: unknown) =>
    t.request({ method: 'POST', url, token, body });
  const runsOf = async (conversationId: string) =>
    withClient(t.handle.db, owner.clientId, (tx) =>
      tx.select({ id: runs.id }).from(runs).where(eq(runs.conversation_id, conversationId)),
    );

  it('holds what arrives unanswered, carries the person’s replies to the end user, and hands back', async () => {
    const conversationId = await t.openConversation(owner.accessToken, agentId);
    const endUser = await t.joinAs(owner.accessToken);
    const operator = await connectAs(owner);
    const chat = await connectAs(endUser);

    expect((await post(endUser.accessToken, `/v1/conversations/${conversationId}/takeover`)).statusCode).toBe(
      403,
    );
    const taken = await post(owner.accessToken, `/v1/conversations/${conversationId}/takeover`);
    expect(taken.statusCode).toBe(200);
    expect(taken.json().conversation).toMatchObject({ taken_over_by: owner.userId });
    expect(taken.json().message).toMatchObject({ role: 'system', author_user_id: owner.userId });
    await chat.next('conversation', (frame) => frame.conversation.taken_over_by === owner.userId);

    // The end user writes: stored and shown live, no run.
    chat.send({ type: 'message', conversation_id: conversationId, content: 'Quero falar com uma pessoa' });
    const held = await operator.next(
      'message',
      (frame) => frame.message.text === 'Quero falar com uma pessoa',
    );
    expect(held.message.run_id).toBeNull();
    const viaHttp = await post(endUser.accessToken, `/v1/conversations/${conversationId}/messages`, {
      content: 'Alguém aí?',
    });
    expect(viaHttp.statusCode).toBe(202);
    expect(viaHttp.json()).toMatchObject({ run_id: null, run: null, held: true });
    expect(await runsOf(conversationId)).toEqual([]);

    // Only the holder replies; the reply names them and reaches the end user's socket.
    expect(
      (await post(endUser.accessToken, `/v1/conversations/${conversationId}/replies`, { content: 'x' }))
        .statusCode,
    ).toBe(409);
    const reply = await post(owner.accessToken, `/v1/conversations/${conversationId}/replies`, {
      content: 'Oi, sou a Owner. Como posso ajudar?',
    });
    expect(reply.statusCode).toBe(201);
    expect(reply.json()).toMatchObject({
      role: 'assistant',
      author_user_id: owner.userId,
      author_name: 'Owner',
    });
    await chat.next('message', (frame) => frame.message.id === reply.json().id);

    const back = await post(owner.accessToken, `/v1/conversations/${conversationId}/hand-back`);
    expect(back.statusCode).toBe(200);
    expect(back.json().conversation.taken_over_by).toBeNull();
    expect((await post(owner.accessToken, `/v1/conversations/${conversationId}/hand-back`)).statusCode).toBe(
      409,
    );
    const answered = await t.ask(endUser.accessToken, conversationId, 'Obrigado!', { stream: false });
    expect(answered.statusCode).toBe(202);
    expect(answered.json().run_id).toEqual(expect.any(String));
    expect(await runsOf(conversationId)).toHaveLength(1);

    const audited = await withClient(t.handle.db, owner.clientId, (tx) =>
      tx.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.target_id, conversationId)),
    );
    expect(audited.map((row) => row.action).sort()).toEqual([
      'conversation.hand_back',
      'conversation.take_over',
    ]);
  });

  it('stops the answer the agent is writing when a person takes over', async () => {
    const conversationId = await t.openConversation(owner.accessToken, agentId);
    const operator = await connectAs(owner);
    operator.send({ type: 'subscribe', conversation_id: conversationId });
    await operator.next('subscribed');
    const sent = await t.ask(owner.accessToken, conversationId, 'Conte uma história bem longa', {
      stream: false,
    });
    const runId = sent.json().run_id as string;
    await operator.next('event', (frame) => frame.event.run_id === runId && frame.event.type === 'content');

    const taken = await post(owner.accessToken, `/v1/conversations/${conversationId}/takeover`);
    expect(taken.statusCode).toBe(200);
    expect(taken.json().stopped_run_ids).toEqual([runId]);
    const [run] = await withClient(t.handle.db, owner.clientId, (tx) =>
      tx.select({ status: runs.status }).from(runs).where(eq(runs.id, runId)),
    );
    expect(run?.status).toBe('stopped');
    await operator.next(
      'event',
      (frame) =>
        frame.event.run_id === runId && frame.event.type === 'status' && frame.event.status === 'stopped',
    );
    // Nothing the agent writes arrives after the stop.
    const after = operator.frames.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const late = operator.frames
      .slice(after)
      .filter((frame) => frame.type === 'event' && frame.event.run_id === runId);
    expect(late).toEqual([]);
    // Taking over again (already held) stops nothing more and stays 200.
    const again = await post(owner.accessToken, `/v1/conversations/${conversationId}/takeover`);
    expect(again.json().stopped_run_ids).toEqual([]);
  });

  it('lets exactly one of two people taking over at once win', async () => {
    const conversationId = await t.openConversation(owner.accessToken, agentId);
    const admin = await t.joinAs(owner.accessToken, 'admin');
    const answers = await Promise.all(
      [owner, admin].map((session) =>
        post(session.accessToken, `/v1/conversations/${conversationId}/takeover`),
      ),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409]);
    const winner = answers.find((answer) => answer.statusCode === 200)!.json().conversation.taken_over_by;
    const loser = answers.find((answer) => answer.statusCode === 409)!.json();
    expect(loser).toMatchObject({ code: 'CONFLICT', taken_over_by: winner });
  });
});
