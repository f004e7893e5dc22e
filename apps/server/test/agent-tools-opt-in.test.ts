import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

/** Event names of a streamed answer (SSE `event:` lines). */
function eventNames(body: string): string[] {
  return body
    .split('\n')
    .filter((line) => line.startsWith('event: '))
    .map((line) => line.slice('event: '.length));
}

// ADR 0034: an agent runs with exactly the tools it lists; the built-ins are only the create default.
for (const target of testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== null)(`tool enablement (${target.name})`, () => {
    let t: TestApp;
    let owner: TestSession;
    beforeAll(async () => {
      t = await createTestApp(target, { models: { offline: { chunkDelayMs: 0 } } });
      owner = await t.signup();
    });
    afterAll(async () => t?.close());

    const create = (body: Record<string, unknown>) =>
      t.request({
        method: 'POST',
        url: '/v1/agents',
        token: owner.accessToken,
        body: { name: 'Calculista', system_prompt: 'x', model: 'offline/renum', ...body },
      });

    const askCalculation = async (agentId: string) => {
      const conversationId = await t.openConversation(owner.accessToken, agentId);
      const answer = await t.ask(owner.accessToken, conversationId, 'Calcule 12 * (3 + 4)', { stream: true });
      return eventNames(answer.body);
    };

    it('gives an agent created without a list the built-ins, and they are called', async () => {
      const created = await create({});
      expect(created.statusCode).toBe(201);
      expect(created.json().tools.map((tool: { name: string }) => tool.name)).toEqual([
        'calculator',
        'current_time',
      ]);
      expect(await askCalculation(created.json().id)).toContain('tool_call');
    });

    it('never calls a built-in the agent did not tick', async () => {
      const created = await create({ tools: [] });
      expect(created.json().tools).toEqual([]);
      const events = await askCalculation(created.json().id);
      expect(events).toContain('content');
      expect(events).not.toContain('tool_call');

      const onlyClock = await create({ tools: [{ name: 'current_time' }] });
      expect(await askCalculation(onlyClock.json().id)).not.toContain('tool_call');
    });

    it('refuses option keys a tool does not know, naming the field, and saves nothing', async () => {
      const created = await create({ tools: [{ name: 'web_search' }] });
      const id = created.json().id;
      const refused = await t.request({
        method: 'PATCH',
        url: `/v1/agents/${id}`,
        token: owner.accessToken,
        body: {
          tools: [{ name: 'calculator' }, { name: 'web_search', options: { credentail_name: 'tavily' } }],
        },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().code).toBe('VALIDATION_ERROR');
      expect(refused.json().details).toEqual([
        { field: 'body.tools.1.options.credentail_name', message: 'Unknown option of web_search' },
      ]);
      const onBuiltin = await create({ tools: [{ name: 'calculator', options: { precision: 2 } }] });
      expect(onBuiltin.statusCode).toBe(400);
      const got = await t.request({ method: 'GET', url: `/v1/agents/${id}`, token: owner.accessToken });
      expect(got.json().tools).toEqual([{ name: 'web_search', critical: false }]);
    });

    it('keeps the built-ins of agents saved before they were opt-in (migration 0028 default)', async () => {
      const created = await create({});
      const [row] = await t.handle.query<{ tools: { name: string }[] }>(
        `insert into agents (id, client_id, name, slug, model, system_prompt)
         select gen_random_uuid(), client_id, 'Antigo', 'antigo-' || substr(md5(random()::text), 1, 8), model, 'x'
         from agents where id = $1 returning tools`,
        [created.json().id],
      );
      expect(row!.tools.map((tool) => tool.name)).toEqual(['calculator', 'current_time']);
    });
  });
}
