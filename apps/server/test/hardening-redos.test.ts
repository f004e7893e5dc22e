import { issueRunToolToken } from '@renum/platform';
import { startFakeOpenAI, testDatabaseTargets } from '@renum/testing';
import type { LightMyRequestResponse } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loopbackTools, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;
/** Issue 18's pattern: a JavaScript regex backtracks 2^n times on `n` letters that end badly. */
const catastrophic = '^([a-z:/]+)+$';
/** The argument from the issue's chat message (29 characters in the class: seconds per check in V8). */
const adversarial = 'https://aaaaaaaaaaaaaaaaaaaaa-';

function fetchTool(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    name: 'http_request',
    options: {
      name: 'fetch_page',
      description: 'Fetches a web page for the user',
      url_template: 'http://127.0.0.1:9/fetch',
      allowed_hosts: ['127.0.0.1'],
      parameters,
      ...extra,
    },
  };
}

const maliciousParameters = {
  type: 'object',
  properties: { url: { type: 'string', pattern: catastrophic } },
  required: ['url'],
};

/**
 * Runs `attack` while `GET /health` is asked again and again (every 2 ms); answers the longest time
 * between two health answers, which a stalled event loop makes seconds long.
 */
async function healthWhile(t: TestApp, attack: () => Promise<LightMyRequestResponse>) {
  let running = true;
  let slowest = 0;
  let answers = 0;
  const watcher = (async () => {
    let previous = performance.now();
    for (;;) {
      // One more answer after the attack's: a stall just before it ended shows only there.
      const last = !running;
      const health = await t.app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(200);
      answers += 1;
      const now = performance.now();
      slowest = Math.max(slowest, now - previous);
      previous = now;
      if (last) return;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
  let response: LightMyRequestResponse;
  try {
    response = await attack();
  } finally {
    running = false;
    await watcher;
  }
  return { response, slowest, answers };
}

describe('client-defined schemas cannot block the event loop (issue 18)', () => {
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let t: TestApp;
  let owner: TestSession;

  const saveAgent = (tools: unknown[]) =>
    t.request({
      method: 'POST',
      url: '/v1/agents',
      token: owner.accessToken,
      body: { name: 'Leitor', system_prompt: 'Fetch pages.', model: 'openai/gpt-4o-mini', tools },
    });

  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: 'sk-platform-test' });
    t = await createTestApp(pglite, {
      models: { openai: { apiKey: 'sk-platform-test', baseURL: fake.baseURL } },
      tools: loopbackTools(),
    });
    owner = await t.signup();
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it('saves the catastrophic pattern, which then answers the attack in a chat run without stalling /health', async () => {
    const saved = await saveAgent([fetchTool(maliciousParameters)]);
    expect(saved.statusCode).toBe(201);
    const conversationId = await t.openConversation(owner.accessToken, saved.json().id);
    // A first tool turn loads and compiles what every later one reuses; the attack is the second.
    fake.enqueueTurn(
      { toolCalls: [{ name: 'fetch_page', arguments: { url: 'NOT A URL' } }] },
      { text: 'That address is not valid.' },
    );
    expect((await t.ask(owner.accessToken, conversationId, 'Please fetch NOT A URL')).body).toContain(
      'must match pattern',
    );
    fake.enqueueTurn(
      { toolCalls: [{ name: 'fetch_page', arguments: { url: adversarial } }] },
      { text: 'That address is not valid.' },
    );

    const { response, slowest, answers } = await healthWhile(t, () =>
      t.ask(owner.accessToken, conversationId, `Please fetch ${adversarial} now`),
    );

    expect(response.body).toContain('event: complete');
    // The model's arguments were refused by the pattern, correctly, before any request left.
    expect(response.body).toContain('must match pattern');
    // A chat turn on PGlite runs its SQL inside the event loop (WASM), which on a loaded 2-core machine
    // can hold it for a hundred milliseconds or two with or without an attack; the attack itself held
    // it for seconds (10 s and more for this argument). The tool-proxy route below reads its token and run
    // on PGlite too, so it has the same bound.
    expect(answers).toBeGreaterThan(0);
    expect(slowest).toBeLessThan(1_000);
  });

  it('answers the same attack on the tool-proxy route with a field error, without stalling /health', async () => {
    const saved = await saveAgent([fetchTool(maliciousParameters)]);
    const runId = uuidv7();
    await t.handle.query(
      `insert into runs (id, client_id, agent_id, model, status, executor) values ($1, $2, $3, 'offline/renum', 'running', 'suna')`,
      [runId, owner.clientId, saved.json().id],
    );
    const { token } = await issueRunToolToken(t.deps, {
      clientId: owner.clientId,
      agentId: saved.json().id,
      runId,
    });

    const call = (url: string) =>
      t.request({ method: 'POST', url: '/v1/tool-proxy/fetch_page', token, body: { url } });
    expect((await call('NOT A URL')).statusCode).toBe(400);

    const { response, slowest, answers } = await healthWhile(t, () => call(adversarial));

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [{ field: 'body.url', message: expect.stringContaining('must match pattern') }],
    });
    expect(answers).toBeGreaterThan(0);
    // The route's own PGlite reads (token, run, agent) hold the loop for a hundred milliseconds or so on a
    // loaded 2-core machine (131 ms seen in a full run); the unprotected pattern holds it for seconds.
    expect(slowest).toBeLessThan(1_000);
  });

  it('refuses, naming the field and storing nothing: a cyclic $ref, a backreference, CR/LF in a header', async () => {
    const before = await t.handle.query<{ count: number }>('select count(*)::int as count from agents');
    const cyclic = await saveAgent([
      { name: 'calculator' },
      fetchTool({
        type: 'object',
        $defs: { node: { type: 'object', properties: { child: { $ref: '#/$defs/node' } } } },
        properties: { url: { type: 'string' }, tree: { $ref: '#/$defs/node' } },
      }),
    ]);
    expect(cyclic.statusCode).toBe(400);
    expect(cyclic.json()).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [
        {
          field: 'body.tools.1.options.parameters.$defs.node.properties.child.$ref',
          message: expect.stringContaining('refers back to itself'),
        },
      ],
    });

    const backreference = await saveAgent([
      fetchTool({ type: 'object', properties: { url: { type: 'string', pattern: '^(a+)\\1$' } } }),
    ]);
    expect(backreference.statusCode).toBe(400);
    expect(backreference.json().details).toEqual([
      {
        field: 'body.tools.0.options.parameters.properties.url.pattern',
        message: expect.stringContaining('backreferences'),
      },
    ]);

    const injected = await saveAgent([
      fetchTool(maliciousParameters, { headers: { 'X-Trace': 'a\r\nX-Injected: yes' } }),
    ]);
    expect(injected.statusCode).toBe(400);
    expect(injected.json()).toMatchObject({
      error: 'Invalid body.tools.0.options.headers.X-Trace: must not contain CR, LF or NUL characters',
      details: [{ field: 'body.tools.0.options.headers.X-Trace' }],
    });

    const after = await t.handle.query<{ count: number }>('select count(*)::int as count from agents');
    expect(after[0]!.count).toBe(before[0]!.count);
  });

  it('refuses the same on update, leaving the agent as it was', async () => {
    const saved = await saveAgent([fetchTool(maliciousParameters)]);
    const patched = await t.request({
      method: 'PATCH',
      url: `/v1/agents/${saved.json().id}`,
      token: owner.accessToken,
      body: { tools: [fetchTool(maliciousParameters, { headers: { 'X-Trace': 'a\nb' } })] },
    });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().details[0].field).toBe('body.tools.0.options.headers.X-Trace');
    const got = await t.request({
      method: 'GET',
      url: `/v1/agents/${saved.json().id}`,
      token: owner.accessToken,
    });
    expect(got.json().tools[0].options.headers).toBeUndefined();
  });
});
