import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { type FakeSuna, startFakeSuna, startFakeTavily, testDatabaseTargets } from '@renum/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loopbackTools, type TestApp } from './test-app.ts';

const SUNA_KEY = 'pk_renum:sk_renum';
const canary = `tvly-CANARY-${randomBytes(8).toString('hex')}`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const [target] = testDatabaseTargets();

describe.skipIf(!target || target.skipReason !== null)(
  'a chat on Suna whose tool call comes back through Renum',
  () => {
    let tavily: Awaited<ReturnType<typeof startFakeTavily>>;
    let suna: FakeSuna;
    let t: TestApp;
    let baseUrl: string;
    const logs: string[] = [];

    beforeAll(async () => {
      tavily = await startFakeTavily();
      suna = await startFakeSuna({ apiKey: SUNA_KEY, threadReadsRequireJwt: true });
      const port = await freePort();
      baseUrl = `http://127.0.0.1:${port}`;
      t = await createTestApp(target!, {
        tools: loopbackTools(tavily.url),
        suna: { url: suna.url, apiKey: SUNA_KEY, jwt: SUNA_KEY, toolsUrl: baseUrl },
      });
      // Every log line of the platform is kept for the canary scan.
      t.deps.logger = pino({ level: 'trace' }, { write: (line: string) => void logs.push(line) });
      await t.app.listen({ port, host: '127.0.0.1' });
    });
    afterAll(async () => {
      await t?.close();
      await suna?.close();
      await tavily?.close();
    });

    it("answers with Suna's text and a web_search made through Renum's MCP endpoint with the client's key", async () => {
      const owner = await t.signup();
      const stored = await t.request({
        method: 'POST',
        url: '/v1/credentials',
        token: owner.accessToken,
        body: { service: 'tavily', name: 'default', secret: { api_key: canary } },
      });
      expect(stored.statusCode).toBe(201);
      const agent = await t.createAgent(owner.accessToken, {
        name: 'Pesquisa na Suna',
        system_prompt: 'Você pesquisa na web.',
        model: 'openai/gpt-4o-mini',
        executor: 'suna',
        tools: [{ name: 'web_search' }],
      });
      const conversationId = await t.openConversation(owner.accessToken, agent.id);
      suna.enqueueRun({
        toolCalls: [{ name: 'web_search', arguments: { query: 'padarias em Curitiba' } }],
        text: 'Encontrei padarias.',
      });
      const answer = await t.ask(owner.accessToken, conversationId, 'Procure padarias');
      const events = answer.body
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown> & { type: string });
      expect(events.map((event) => event.type)).toEqual(
        expect.arrayContaining(['tool_call', 'tool_result', 'content', 'complete']),
      );
      const result = events.find((event) => event.type === 'tool_result');
      expect(result).toMatchObject({ tool: 'web_search', is_error: false });
      expect(JSON.stringify(result)).toContain('results'); // Tavily's answer, shaped by the proxy
      expect(events.at(-1)).toMatchObject({ type: 'complete', content: 'Encontrei padarias.' });
      // The call reached Tavily with the client's key, through Renum's MCP endpoint.
      expect(tavily.requests.at(-1)?.headers.authorization).toBe(`Bearer ${canary}`);
      const mcpEntry = [...suna.agents.values()][0]?.custom_mcps[0] as { config: { url: string } };
      expect(mcpEntry.config.url).toBe(`${baseUrl}/v1/mcp`);
      // Canary: the key is in no request to Suna, no event, no stored event, no log line.
      expect(JSON.stringify(suna.requests)).not.toContain(canary);
      expect(JSON.stringify([...suna.agents.values()])).not.toContain(canary);
      expect(answer.body).not.toContain(canary);
      const stored_events = await t.handle.query<{ dump: string }>(
        "select coalesce(json_agg(e)::text, '') as dump from run_events e",
      );
      expect(stored_events[0]?.dump).not.toContain(canary);
      expect(logs.join('\n')).not.toContain(canary);
    });
  },
);
