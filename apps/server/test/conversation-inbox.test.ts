import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';
import { openTestSocket, type TestSocket } from './ws-test-client.ts';

const targets = testDatabaseTargets();
const target =
  targets.find((candidate) => candidate.name === 'postgres' && candidate.skipReason === null) ?? targets[0]!;

describe(`the inbox list: unread counts from stored receipts, filters and search (${target.name})`, () => {
  let t: TestApp;
  let baseUrl: string;
  let owner: TestSession;
  let member: TestSession;
  let agentId: string;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    t = await createTestApp(target, { models: { offline: { chunkDelayMs: 0 } } });
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    owner = await t.signup();
    member = await t.joinAs(owner.accessToken);
    agentId = (await t.createAgent(owner.accessToken, { name: 'Atendente', system_prompt: 'Você atende.' }))
      .id;
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await t?.close();
  });

  const list = async (session: TestSession, query = '') => {
    const response = await t.request({
      method: 'GET',
      url: `/v1/conversations${query}`,
      token: session.accessToken,
    });
    expect(response.statusCode).toBe(200);
    return response.json().data as { id: string; unread_count?: number }[];
  };
  const unreadOf = async (session: TestSession, conversationId: string) =>
    (await list(session)).find((conversation) => conversation.id === conversationId)?.unread_count;
  const messagesOf = async (conversationId: string) =>
    (
      await t.request({
        method: 'GET',
        url: `/v1/conversations/${conversationId}/messages`,
        token: owner.accessToken,
      })
    ).json().data as { id: string; role: string }[];

  it('counts what others wrote after the newest message a person read, never their own', async () => {
    const conversationId = await t.openConversation(member.accessToken, agentId, { title: 'Pedido 42' });
    expect((await t.ask(member.accessToken, conversationId, 'Oi, meu pedido?')).statusCode).toBe(200);
    // The owner has read nothing; the member wrote the question, so only the answer is new to them.
    expect(await unreadOf(owner, conversationId)).toBe(2);
    expect(await unreadOf(member, conversationId)).toBe(1);

    const socket = await openTestSocket(`${baseUrl}/ws?token=${owner.accessToken}`);
    sockets.push(socket);
    await socket.next('connected');
    const [question, answer] = await messagesOf(conversationId);
    socket.send({ type: 'read', conversation_id: conversationId, message_id: question!.id });
    await socket.next('read', (frame) => frame.message_id === question!.id);
    expect(await unreadOf(owner, conversationId)).toBe(1);
    socket.send({ type: 'read', conversation_id: conversationId, message_id: answer!.id });
    await socket.next('read', (frame) => frame.message_id === answer!.id);
    expect(await unreadOf(owner, conversationId)).toBe(0);
    // The owner's receipts are theirs: the member's count is unchanged.
    expect(await unreadOf(member, conversationId)).toBe(1);

    expect((await t.ask(member.accessToken, conversationId, 'E o prazo?')).statusCode).toBe(200);
    expect(await unreadOf(owner, conversationId)).toBe(2);

    // A reply the owner writes holding the conversation is new to the member, not to the owner.
    await t.request({
      method: 'POST',
      url: `/v1/conversations/${conversationId}/takeover`,
      token: owner.accessToken,
    });
    const reply = await t.request({
      method: 'POST',
      url: `/v1/conversations/${conversationId}/replies`,
      token: owner.accessToken,
      body: { content: 'Chega amanhã.' },
    });
    expect(reply.statusCode).toBe(201);
    expect(await unreadOf(owner, conversationId)).toBe(2);
    expect(await unreadOf(member, conversationId)).toBe(3);
  });

  it('filters by channel, takeover and a part of the title, server side', async () => {
    const other = await t.signup();
    const otherAgent = (await t.createAgent(other.accessToken, { name: 'Outro', system_prompt: 'x' })).id;
    const foreign = await t.openConversation(other.accessToken, otherAgent, { title: 'Cobrança 100%' });
    const web = await t.openConversation(owner.accessToken, agentId, { title: 'Cobrança 100% paga' });
    const whatsapp = await t.openConversation(owner.accessToken, agentId, {
      title: 'Cobrança_atrasada',
      channel: 'whatsapp',
    });
    await t.request({
      method: 'POST',
      url: `/v1/conversations/${whatsapp}/takeover`,
      token: owner.accessToken,
    });
    const ids = async (query: string) => (await list(owner, query)).map((conversation) => conversation.id);

    expect(await ids('?q=cobran%C3%A7a')).toEqual([whatsapp, web]);
    // `%` and `_` are literal, not patterns.
    expect(await ids('?q=100%25')).toEqual([web]);
    expect(await ids('?q=a_a')).toEqual([whatsapp]);
    expect(await ids('?channel=whatsapp&q=cobran')).toEqual([whatsapp]);
    expect(await ids('?taken_over=false&q=cobran')).toEqual([web]);
    expect((await ids('?taken_over=true')).includes(whatsapp)).toBe(true);
    expect((await ids('?taken_over=true')).includes(web)).toBe(false);
    expect(await ids('?q=cobran')).not.toContain(foreign);
    const bad = await t.request({
      method: 'GET',
      url: '/v1/conversations?channel=fax',
      token: owner.accessToken,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_ERROR');
  });

  it('lists by newest activity for the inbox, and pages through it with an activity cursor', async () => {
    const other = await t.signup();
    const otherAgent = (await t.createAgent(other.accessToken, { name: 'Outra', system_prompt: 'x' })).id;
    const first = await t.openConversation(owner.accessToken, agentId, { title: 'Atividade 1' });
    const second = await t.openConversation(owner.accessToken, agentId, { title: 'Atividade 2' });
    const third = await t.openConversation(owner.accessToken, agentId, { title: 'Atividade 3' });
    const foreign = await t.openConversation(other.accessToken, otherAgent, { title: 'Atividade 4' });
    // The oldest conversation gets a message: by activity it comes first, by creation it stays last.
    expect((await t.ask(owner.accessToken, first, 'Ainda aí?')).statusCode).toBe(200);
    const ids = async (query: string) =>
      (await list(owner, `?q=Atividade${query}`)).map((conversation) => conversation.id);
    expect(await ids('')).toEqual([third, second, first]);
    expect(await ids('&sort=activity')).toEqual([first, third, second]);

    // One at a time: every conversation once, in activity order, none of another client's.
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await t.request({
        method: 'GET',
        url: `/v1/conversations?q=Atividade&sort=activity&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        token: owner.accessToken,
      });
      expect(response.statusCode).toBe(200);
      const page = response.json() as { data: { id: string }[]; next_cursor: string | null };
      walked.push(...page.data.map((conversation) => conversation.id));
      cursor = page.next_cursor;
    } while (cursor && walked.length < 10);
    expect(walked).toEqual([first, third, second]);
    expect(walked).not.toContain(foreign);

    const forged = Buffer.from(`not a time|${first}`, 'utf8').toString('base64url');
    const bad = await t.request({
      method: 'GET',
      url: `/v1/conversations?sort=activity&cursor=${forged}`,
      token: owner.accessToken,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_ERROR');
  });
});
