import { randomUUID } from 'node:crypto';
import { memories, withClient } from '@renum/db';
import { recallFacts, rememberFact } from '@renum/platform';
import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

for (const target of testDatabaseTargets()) {
  // Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
  describe.skipIf(target.skipReason !== null)(`contacts and long-term memory (${target.name})`, () => {
    let t: TestApp;
    let owner: TestSession;
    let other: TestSession;
    let agentId: string;

    beforeAll(async () => {
      t = await createTestApp(target);
      [owner, other] = [await t.signup(), await t.signup()];
      agentId = (await t.createAgent(owner.accessToken, { name: 'Mem', system_prompt: 'x' })).id;
    });
    afterAll(async () => t?.close());

    const openConversation = async (externalId: string, session = owner, agent = agentId) =>
      (
        await t.request({
          method: 'POST',
          url: `/v1/agents/${agent}/conversations`,
          token: session.accessToken,
          body: { contact: { external_id: externalId, name: externalId } },
        })
      ).json() as { id: string; contact_id: string };

    it('recalls a fact in another conversation with the same contact, never with another contact', async () => {
      const first = await openConversation('wa:1');
      const second = await openConversation('wa:1');
      const stranger = await openConversation('wa:2');
      expect(second.contact_id).toBe(first.contact_id);
      await withClient(t.deps.db, owner.clientId, async (tx) => {
        await rememberFact(tx, {
          id: randomUUID(),
          clientId: owner.clientId,
          agentId,
          contactId: first.contact_id,
          fact: 'Prefere pagar por boleto',
          conversationId: first.id,
        });
        await rememberFact(tx, {
          id: randomUUID(),
          clientId: owner.clientId,
          agentId,
          contactId: first.contact_id,
          fact: 'Mora em Curitiba',
        });
        const again = await rememberFact(tx, {
          id: randomUUID(),
          clientId: owner.clientId,
          agentId,
          contactId: first.contact_id,
          fact: ' Mora  em Curitiba ',
        });
        expect(again.created).toBe(false);
      });
      const recalled = await withClient(t.deps.db, owner.clientId, (tx) =>
        recallFacts(tx, { agentId, contactId: second.contact_id, query: 'quero pagar a fatura com boletos' }),
      );
      expect(recalled.map((fact) => fact.content)).toEqual(['Prefere pagar por boleto', 'Mora em Curitiba']);
      expect(recalled[0]!.score).toBeGreaterThan(0);
      const strangers = await withClient(t.deps.db, owner.clientId, (tx) =>
        recallFacts(tx, { agentId, contactId: stranger.contact_id, query: 'boleto' }),
      );
      expect(strangers).toEqual([]);
    });

    it('never recalls another client’s facts, even with their contact id', async () => {
      const mine = await openConversation('wa:client-a');
      await withClient(t.deps.db, owner.clientId, (tx) =>
        rememberFact(tx, {
          id: randomUUID(),
          clientId: owner.clientId,
          agentId,
          contactId: mine.contact_id,
          fact: 'Segredo do cliente A',
        }),
      );
      const leaked = await withClient(t.deps.db, other.clientId, (tx) =>
        recallFacts(tx, { agentId, contactId: mine.contact_id, query: 'segredo' }),
      );
      expect(leaked).toEqual([]);
      const foreign = await t.request({
        method: 'GET',
        url: `/v1/contacts/${mine.contact_id}/memories`,
        token: other.accessToken,
      });
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json().code).toBe('CONTACT_NOT_FOUND');
      const insert = withClient(t.deps.db, other.clientId, (tx) =>
        tx.insert(memories).values({
          id: randomUUID(),
          client_id: other.clientId,
          agent_id: agentId,
          contact_id: mine.contact_id,
          content: 'x',
        }),
      );
      await expect(insert).rejects.toThrow();
    });

    it('lists and forgets memories over HTTP', async () => {
      const conversation = await openConversation('wa:forget');
      await withClient(t.deps.db, owner.clientId, async (tx) => {
        for (const fact of ['um', 'dois', 'três']) {
          await rememberFact(tx, {
            id: randomUUID(),
            clientId: owner.clientId,
            agentId,
            contactId: conversation.contact_id,
            fact,
          });
        }
      });
      const url = `/v1/contacts/${conversation.contact_id}/memories`;
      const listed = (await t.request({ method: 'GET', url, token: owner.accessToken })).json().data;
      expect(listed).toHaveLength(3);
      const one = await t.request({
        method: 'DELETE',
        url: `${url}/${listed[0].id}`,
        token: owner.accessToken,
      });
      expect(one.json()).toEqual({ deleted: 1 });
      const missing = await t.request({
        method: 'DELETE',
        url: `${url}/${listed[0].id}`,
        token: owner.accessToken,
      });
      expect(missing.statusCode).toBe(404);
      expect((await t.request({ method: 'DELETE', url, token: owner.accessToken })).json()).toEqual({
        deleted: 2,
      });
      expect((await t.request({ method: 'GET', url, token: owner.accessToken })).json().data).toEqual([]);
    });

    it('erases a contact with their conversations and memories', async () => {
      const conversation = await openConversation('wa:erase');
      await withClient(t.deps.db, owner.clientId, (tx) =>
        rememberFact(tx, {
          id: randomUUID(),
          clientId: owner.clientId,
          agentId,
          contactId: conversation.contact_id,
          fact: 'apagar',
        }),
      );
      const erased = await t.request({
        method: 'DELETE',
        url: `/v1/contacts/${conversation.contact_id}`,
        token: owner.accessToken,
      });
      expect(erased.statusCode).toBe(204);
      const counts = await t.handle.query<{ conversations: number; memories: number; contacts: number }>(
        `select (select count(*)::int from conversations where id = $1) as conversations,
                (select count(*)::int from memories where contact_id = $2) as memories,
                (select count(*)::int from contacts where id = $2) as contacts`,
        [conversation.id, conversation.contact_id],
      );
      expect(counts[0]).toEqual({ conversations: 0, memories: 0, contacts: 0 });
      const gone = await t.request({
        method: 'GET',
        url: `/v1/conversations/${conversation.id}`,
        token: owner.accessToken,
      });
      expect(gone.statusCode).toBe(404);
    });
  });
}
