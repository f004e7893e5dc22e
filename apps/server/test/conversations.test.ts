import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

for (const target of testDatabaseTargets()) {
  // Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
  describe.skipIf(target.skipReason !== null)(`conversations API (${target.name})`, () => {
    let t: TestApp;
    let owner: TestSession;
    let other: TestSession;
    let agentId: string;
    beforeAll(async () => {
      t = await createTestApp(target);
      [owner, other] = [await t.signup(), await t.signup()];
      agentId = (await t.createAgent(owner.accessToken, { name: 'Chat', system_prompt: 'x' })).id;
    });
    afterAll(async () => t?.close());

    it('opens a conversation with an empty body, with or without a content type', async () => {
      const bare = await t.request({
        method: 'POST',
        url: `/v1/agents/${agentId}/conversations`,
        token: owner.accessToken,
      });
      expect(bare.statusCode).toBe(201);
      expect(bare.json()).toMatchObject({
        agent_id: agentId,
        client_id: owner.clientId,
        user_id: owner.userId,
        channel: 'web',
        status: 'open',
        last_seq: 0,
      });
      const typed = await t.request({
        method: 'POST',
        url: `/v1/agents/${agentId}/conversations`,
        token: owner.accessToken,
        headers: { 'content-type': 'application/json' },
      });
      expect(typed.statusCode).toBe(201);
    });

    it('matches contacts by external_id and filters the list', async () => {
      const open = (body: object) =>
        t.request({
          method: 'POST',
          url: `/v1/agents/${agentId}/conversations`,
          token: owner.accessToken,
          body,
        });
      const first = (
        await open({
          title: 'Boleto',
          contact: { external_id: 'wa:5511999990000', name: 'Maria', phone: '+55 11 99999-0000' },
        })
      ).json();
      const second = (await open({ contact: { external_id: 'wa:5511999990000' } })).json();
      expect(first.contact_id).toBeTruthy();
      expect(second.contact_id).toBe(first.contact_id);
      const listed = await t.request({
        method: 'GET',
        url: `/v1/conversations?contact_id=${first.contact_id}`,
        token: owner.accessToken,
      });
      expect(listed.json().data.map((c: { id: string }) => c.id)).toEqual([second.id, first.id]);
      const byAgent = await t.request({
        method: 'GET',
        url: `/v1/conversations?agent_id=${agentId}&limit=1`,
        token: owner.accessToken,
      });
      expect(byAgent.json().data).toHaveLength(1);
      expect(byAgent.json().next_cursor).toBeTruthy();
      const fetched = await t.request({
        method: 'GET',
        url: `/v1/conversations/${first.id}`,
        token: owner.accessToken,
      });
      expect(fetched.json().title).toBe('Boleto');
      const history = await t.request({
        method: 'GET',
        url: `/v1/conversations/${first.id}/messages`,
        token: owner.accessToken,
      });
      expect(history.json()).toEqual({ data: [], next_cursor: null });
    });

    it('keeps conversations inside their client', async () => {
      const mineId = await t.openConversation(owner.accessToken, agentId);
      const foreignAgent = await t.request({
        method: 'POST',
        url: `/v1/agents/${agentId}/conversations`,
        token: other.accessToken,
      });
      expect(foreignAgent.statusCode).toBe(404);
      expect(foreignAgent.json().code).toBe('AGENT_NOT_FOUND');
      for (const url of [`/v1/conversations/${mineId}`, `/v1/conversations/${mineId}/messages`]) {
        const response = await t.request({ method: 'GET', url, token: other.accessToken });
        expect(response.statusCode).toBe(404);
        expect(response.json().code).toBe('CONVERSATION_NOT_FOUND');
      }
      const list = await t.request({ method: 'GET', url: '/v1/conversations', token: other.accessToken });
      expect(list.json().data).toEqual([]);
    });

    it('rejects bad input without writing', async () => {
      const before = await t.handle.query<{ n: number }>('select count(*)::int as n from conversations');
      for (const body of [
        { title: '' },
        { contact: { phone: 'call me' } },
        { channel: 'pigeon' },
        { extra: true },
      ]) {
        const response = await t.request({
          method: 'POST',
          url: `/v1/agents/${agentId}/conversations`,
          token: owner.accessToken,
          body,
        });
        expect(response.statusCode).toBe(400);
        expect(response.json().code).toBe('VALIDATION_ERROR');
      }
      const malformed = await t.request({
        method: 'GET',
        url: '/v1/conversations/nope',
        token: owner.accessToken,
      });
      expect(malformed.statusCode).toBe(400);
      expect(await t.handle.query<{ n: number }>('select count(*)::int as n from conversations')).toEqual(
        before,
      );
    });

    it('renames and deletes a conversation, only inside its client, in the error shape', async () => {
      const id = await t.openConversation(owner.accessToken, agentId);
      const url = `/v1/conversations/${id}`;
      // Another client can neither rename nor delete it, and learns nothing (404, not 403).
      for (const method of ['PATCH', 'DELETE'] as const) {
        const foreign = await t.request({
          method,
          url,
          token: other.accessToken,
          ...(method === 'PATCH' ? { body: { title: 'Hacked' } } : {}),
        });
        expect(foreign.statusCode).toBe(404);
        expect(foreign.json().code).toBe('CONVERSATION_NOT_FOUND');
      }
      for (const body of [{ title: '' }, { title: 'x'.repeat(201) }, { title: 'ok', status: 'closed' }, {}]) {
        const bad = await t.request({ method: 'PATCH', url, token: owner.accessToken, body });
        expect(bad.statusCode).toBe(400);
        expect(bad.json().code).toBe('VALIDATION_ERROR');
      }
      const badId = await t.request({
        method: 'DELETE',
        url: '/v1/conversations/nope',
        token: owner.accessToken,
      });
      expect(badId.statusCode).toBe(400);
      const unchanged = await t.request({ method: 'GET', url, token: owner.accessToken });
      expect(unchanged.json().title).toBeNull();

      const renamed = await t.request({
        method: 'PATCH',
        url,
        token: owner.accessToken,
        body: { title: '  Segunda via do boleto  ' },
      });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toMatchObject({ id, title: 'Segunda via do boleto' });

      // An answer in progress blocks deletion until it is stopped.
      const runId = '0190a0b0-0000-7000-8000-00000000e001';
      await t.handle.query(
        `insert into runs (id, client_id, agent_id, conversation_id, status, model)
         values ($1, $2, $3, $4, 'running', 'offline')`,
        [runId, owner.clientId, agentId, id],
      );
      const busy = await t.request({ method: 'DELETE', url, token: owner.accessToken });
      expect(busy.statusCode).toBe(409);
      expect(busy.json().code).toBe('CONFLICT');
      await t.handle.query(`update runs set status = 'stopped' where id = $1`, [runId]);

      const deleted = await t.request({ method: 'DELETE', url, token: owner.accessToken });
      expect(deleted.statusCode).toBe(204);
      const gone = await t.request({ method: 'GET', url, token: owner.accessToken });
      expect(gone.statusCode).toBe(404);
      expect(await t.handle.query('select id from runs where id = $1', [runId])).toEqual([]);
    });
  });
}
