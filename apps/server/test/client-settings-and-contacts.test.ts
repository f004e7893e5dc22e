import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

for (const target of testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== null)(`contact list and company settings (${target.name})`, () => {
    let t: TestApp;
    let owner: TestSession;
    let other: TestSession;
    let agentId: string;
    let otherAgentId: string;

    beforeAll(async () => {
      t = await createTestApp(target);
      [owner, other] = [await t.signup(), await t.signup()];
      agentId = (await t.createAgent(owner.accessToken, { name: 'A', system_prompt: 'x' })).id;
      otherAgentId = (await t.createAgent(other.accessToken, { name: 'B', system_prompt: 'x' })).id;
    });
    afterAll(async () => t?.close());

    const open = (session: TestSession, agent: string, contact: Record<string, string>) =>
      t.request({
        method: 'POST',
        url: `/v1/agents/${agent}/conversations`,
        token: session.accessToken,
        body: { contact },
      });

    it('lists only the caller’s contacts, newest first, and searches name, phone and external id', async () => {
      await open(owner, agentId, { external_id: 'wa:5511', name: 'Maria Silva', phone: '+55 11 90000-0001' });
      await open(owner, agentId, { external_id: 'crm-77', name: 'João' });
      await open(other, otherAgentId, { external_id: 'wa:other', name: 'Maria Outra' });
      const list = async (session: TestSession, query = '') =>
        (await t.request({ method: 'GET', url: `/v1/contacts${query}`, token: session.accessToken })).json();
      const mine = await list(owner);
      expect(mine.data.map((contact: { name: string }) => contact.name)).toEqual(['João', 'Maria Silva']);
      expect((await list(owner, '?q=maria')).data.map((c: { name: string }) => c.name)).toEqual([
        'Maria Silva',
      ]);
      expect((await list(owner, '?q=90000')).data).toHaveLength(1);
      expect((await list(owner, '?q=CRM-7')).data.map((c: { name: string }) => c.name)).toEqual(['João']);
      // The other company's Maria never shows, whatever the search.
      expect((await list(other, '?q=maria')).data.map((c: { name: string }) => c.name)).toEqual([
        'Maria Outra',
      ]);
      const page = await list(owner, '?limit=1');
      expect(page.next_cursor).toEqual(expect.any(String));
      const next = await list(owner, `?limit=1&cursor=${page.next_cursor}`);
      expect(next.data[0].name).toBe('Maria Silva');
      const bad = await t.request({ method: 'GET', url: '/v1/contacts?limit=500', token: owner.accessToken });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('VALIDATION_ERROR');
    });

    it('lets owners and admins rename the company and set its language and time zone, audited', async () => {
      const changed = await t.request({
        method: 'PATCH',
        url: '/v1/client',
        token: owner.accessToken,
        body: { name: 'Loja Nova', language: 'pt-BR', timezone: 'America/Sao_Paulo' },
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({
        id: owner.clientId,
        name: 'Loja Nova',
        settings: { language: 'pt-BR', timezone: 'America/Sao_Paulo' },
      });
      const me = (await t.request({ method: 'GET', url: '/v1/me', token: owner.accessToken })).json();
      expect(me.client.name).toBe('Loja Nova');
      const otherMe = (await t.request({ method: 'GET', url: '/v1/me', token: other.accessToken })).json();
      expect(otherMe.client.name).not.toBe('Loja Nova');
      const audit = await t.handle.query<{ client_id: string }>(
        "select client_id from audit_log where action = 'client.settings.update'",
      );
      expect(audit).toEqual([{ client_id: owner.clientId }]);
    });

    it('refuses members, unknown time zones and empty bodies, changing nothing', async () => {
      const member = await t.joinAs(owner.accessToken, 'member');
      const refused = await t.request({
        method: 'PATCH',
        url: '/v1/client',
        token: member.accessToken,
        body: { name: 'Hijacked' },
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('FORBIDDEN');
      for (const body of [{ timezone: 'Mars/Olympus' }, {}, { language: 'fr' }, { name: 'x', plan: 'pro' }]) {
        const bad = await t.request({ method: 'PATCH', url: '/v1/client', token: owner.accessToken, body });
        expect(bad.statusCode).toBe(400);
        expect(bad.json().code).toBe('VALIDATION_ERROR');
      }
      const me = (await t.request({ method: 'GET', url: '/v1/me', token: owner.accessToken })).json();
      expect(me.client).toMatchObject({ name: 'Loja Nova', plan: expect.any(String) });
      expect(me.client.settings.timezone).toBe('America/Sao_Paulo');
    });
  });
}
