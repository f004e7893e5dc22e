import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

for (const target of testDatabaseTargets()) {
  // Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
  describe.skipIf(target.skipReason !== null)(`client isolation over HTTP (${target.name})`, () => {
    let t: TestApp;
    let a: TestSession;
    let b: TestSession;
    let agentOfB: string;
    let subAgentOfB: string;

    beforeAll(async () => {
      t = await createTestApp(target);
      [a, b] = [await t.signup(), await t.signup()];
      agentOfB = (await t.createAgent(b.accessToken, { name: 'B agent', system_prompt: 'B' })).id;
      const sub = await t.request({
        method: 'POST',
        url: `/v1/agents/${agentOfB}/sub-agents`,
        token: b.accessToken,
        body: { name: 'B sub', system_prompt: 'B', topics: ['billing'] },
      });
      subAgentOfB = sub.json().id;
    });
    afterAll(async () => t?.close());

    it('does not list another client’s agents', async () => {
      const response = await t.request({ method: 'GET', url: '/v1/agents', token: a.accessToken });
      expect(response.statusCode).toBe(200);
      expect(response.json().data.map((agent: { id: string }) => agent.id)).not.toContain(agentOfB);
    });

    it('answers 404 AGENT_NOT_FOUND to read, update or delete another client’s agent', async () => {
      for (const [method, body] of [
        ['GET', undefined],
        ['PATCH', { name: 'stolen' }],
        ['DELETE', undefined],
      ] as const) {
        const response = await t.request({
          method,
          url: `/v1/agents/${agentOfB}`,
          token: a.accessToken,
          body,
        });
        expect(response.statusCode, method).toBe(404);
        expect(response.json()).toMatchObject({ code: 'AGENT_NOT_FOUND', agent_id: agentOfB });
      }
      const still = await t.request({ method: 'GET', url: `/v1/agents/${agentOfB}`, token: b.accessToken });
      expect(still.json().name).toBe('B agent');
    });

    it('answers 404 to every sub-agent route under another client’s agent', async () => {
      const base = `/v1/agents/${agentOfB}/sub-agents`;
      const attempts = [
        { method: 'GET', url: base },
        { method: 'POST', url: base, body: { name: 'x', system_prompt: 'x', topics: ['x'] } },
        { method: 'GET', url: `${base}/${subAgentOfB}` },
        { method: 'PATCH', url: `${base}/${subAgentOfB}`, body: { name: 'stolen' } },
        { method: 'DELETE', url: `${base}/${subAgentOfB}` },
      ] as const;
      for (const attempt of attempts) {
        const response = await t.request({ ...attempt, token: a.accessToken });
        expect(response.statusCode, `${attempt.method} ${attempt.url}`).toBe(404);
        expect(response.json().code).toBe('AGENT_NOT_FOUND');
      }
      const list = await t.request({ method: 'GET', url: base, token: b.accessToken });
      expect(list.json().data).toHaveLength(1);
      expect(list.json().data[0].name).toBe('B sub');
    });

    it('cannot reach another client’s sub-agent through its own agent', async () => {
      const own = await t.request({
        method: 'POST',
        url: '/v1/agents',
        token: a.accessToken,
        body: { name: 'A agent', system_prompt: 'A' },
      });
      const response = await t.request({
        method: 'GET',
        url: `/v1/agents/${own.json().id}/sub-agents/${subAgentOfB}`,
        token: a.accessToken,
      });
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('SUB_AGENT_NOT_FOUND');
    });

    it('refuses a client_id smuggled in the body', async () => {
      const response = await t.request({
        method: 'POST',
        url: '/v1/agents',
        token: a.accessToken,
        body: { name: 'Smuggler', system_prompt: 'x', client_id: b.clientId },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('VALIDATION_ERROR');
    });

    it('API keys are bound to their client', async () => {
      const key = await t.request({
        method: 'POST',
        url: '/v1/api-keys',
        token: a.accessToken,
        body: { name: 'ci' },
      });
      const secret = key.json().secret as string;
      const foreign = await t.request({
        method: 'GET',
        url: `/v1/agents/${agentOfB}`,
        headers: { 'x-api-key': secret },
      });
      expect(foreign.statusCode).toBe(404);
      const listed = await t.request({ method: 'GET', url: '/v1/agents', headers: { 'x-api-key': secret } });
      expect(listed.statusCode).toBe(200);
      expect(listed.json().data.every((agent: { client_id: string }) => agent.client_id === a.clientId)).toBe(
        true,
      );
    });
  });
}
