import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

for (const target of testDatabaseTargets()) {
  // Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
  describe.skipIf(target.skipReason !== null)(`messages sent at the same moment (${target.name})`, () => {
    let t: TestApp;
    let owner: TestSession;
    let agentId: string;

    beforeAll(async () => {
      // A slow offline model, so the first answer is still running when the others arrive.
      t = await createTestApp(target, { models: { offline: { chunkDelayMs: 50, wordsPerChunk: 1 } } });
      owner = await t.signup();
      agentId = (
        await t.createAgent(owner.accessToken, { name: 'Lento', system_prompt: 'x', model: 'offline/renum' })
      ).id;
    });
    afterAll(async () => t?.close());

    it('accepts exactly one of several messages sent to one conversation at once', async () => {
      const conversationId = (
        await t.request({
          method: 'POST',
          url: `/v1/agents/${agentId}/conversations`,
          token: owner.accessToken,
        })
      ).json().id;
      const responses = await Promise.all(
        Array.from({ length: 6 }, (_, index) =>
          t.request({
            method: 'POST',
            url: `/v1/conversations/${conversationId}/messages`,
            token: owner.accessToken,
            body: { content: `Mensagem ${index}` },
          }),
        ),
      );
      expect(responses.map((response) => response.statusCode).sort()).toEqual([202, 409, 409, 409, 409, 409]);
      const accepted = responses.find((response) => response.statusCode === 202)!.json();
      for (const refused of responses.filter((response) => response.statusCode === 409)) {
        expect(refused.json()).toMatchObject({ code: 'CONFLICT', run_id: accepted.run_id });
      }
      const messages = await t.handle.query<{ n: number }>(
        "select count(*)::int as n from messages where conversation_id = $1 and role = 'user'",
        [conversationId],
      );
      expect(messages[0]?.n).toBe(1); // the refused ones changed nothing
      await t.request({ method: 'POST', url: `/v1/runs/${accepted.run_id}/stop`, token: owner.accessToken });
    });
  });
}
