import { randomUUID } from 'node:crypto';
import { sanitizeText } from '@renum/contracts';
import { withClient } from '@renum/db';
import { rememberFact } from '@renum/platform';
import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

/** What a client sends when it cuts a string inside an emoji: the high half of 😀 alone. */
const loneSurrogate = '\ud83d';
const kinds = {
  nul: { text: 'a\u0000b', message: 'must not contain NUL characters' },
  surrogate: { text: `cut ${loneSurrogate}`, message: 'must not contain unpaired UTF-16 surrogates' },
} as const;

interface Ids {
  agentId: string;
  conversationId: string;
  clientId: string;
}

interface BadTextCase {
  name: string;
  method: 'POST' | 'PATCH' | 'GET';
  url: (ids: Ids) => string;
  body?: (bad: string) => unknown;
  field: string;
  admin?: boolean;
}

/** One case per place where text enters, for each route family the attack report named. */
const cases: BadTextCase[] = [
  {
    name: 'agent name',
    method: 'POST',
    url: () => '/v1/agents',
    body: (bad) => ({ name: bad, system_prompt: 'x' }),
    field: 'body.name',
  },
  {
    name: 'agent description (update)',
    method: 'PATCH',
    url: (ids) => `/v1/agents/${ids.agentId}`,
    body: (bad) => ({ description: bad }),
    field: 'body.description',
  },
  {
    name: 'agent config, deep value',
    method: 'POST',
    url: () => '/v1/agents',
    body: (bad) => ({ name: 'n', system_prompt: 'x', config: { nested: { list: ['ok', bad] } } }),
    field: 'body.config.nested.list.1',
  },
  {
    name: 'sub-agent topic',
    method: 'POST',
    url: (ids) => `/v1/agents/${ids.agentId}/sub-agents`,
    body: (bad) => ({ name: 'n', system_prompt: 'x', topics: [bad] }),
    field: 'body.topics.0',
  },
  {
    name: 'sub-agent fine_tuning_config',
    method: 'POST',
    url: (ids) => `/v1/agents/${ids.agentId}/sub-agents`,
    body: (bad) => ({ name: 'n', system_prompt: 'x', topics: ['t'], fine_tuning_config: { note: bad } }),
    field: 'body.fine_tuning_config.note',
  },
  {
    name: 'sub-agent knowledge_base',
    method: 'POST',
    url: (ids) => `/v1/agents/${ids.agentId}/sub-agents`,
    body: (bad) => ({ name: 'n', system_prompt: 'x', topics: ['t'], knowledge_base: [{ text: bad }] }),
    field: 'body.knowledge_base.0.text',
  },
  {
    name: 'prompt template body',
    method: 'POST',
    url: () => '/v1/prompt-templates',
    body: (bad) => ({ name: 'tpl', body: bad }),
    field: 'body.body',
  },
  {
    name: 'conversation title',
    method: 'POST',
    url: (ids) => `/v1/agents/${ids.agentId}/conversations`,
    body: (bad) => ({ title: bad }),
    field: 'body.title',
  },
  {
    name: 'message content',
    method: 'POST',
    url: (ids) => `/v1/conversations/${ids.conversationId}/messages`,
    body: (bad) => ({ content: bad }),
    field: 'body.content',
  },
  {
    name: 'API key name',
    method: 'POST',
    url: () => '/v1/api-keys',
    body: (bad) => ({ name: bad }),
    field: 'body.name',
  },
  {
    name: 'credential name',
    method: 'POST',
    url: () => '/v1/credentials',
    body: (bad) => ({ service: 'tavily', name: bad, secret: { api_key: 'tvly-secret' } }),
    field: 'body.name',
  },
  {
    name: 'admin client name',
    method: 'POST',
    url: () => '/v1/admin/clients',
    body: (bad) => ({ name: bad }),
    field: 'body.name',
    admin: true,
  },
  {
    name: 'admin client plan',
    method: 'PATCH',
    url: (ids) => `/v1/admin/clients/${ids.clientId}`,
    body: (bad) => ({ plan: bad }),
    field: 'body.plan',
    admin: true,
  },
  {
    name: 'admin client settings',
    method: 'PATCH',
    url: (ids) => `/v1/admin/clients/${ids.clientId}`,
    body: (bad) => ({ settings: { theme: { accent: bad } } }),
    field: 'body.settings.theme.accent',
    admin: true,
  },
];

// One server for the whole file: each refused request is checked to change nothing, so they share it.
let t: TestApp;
let owner: TestSession;
let admin: TestSession;
let ids: Ids;

beforeAll(async () => {
  t = await createTestApp(pglite);
  const started = await t.startConversation({ name: 'Base', system_prompt: 'x' });
  owner = started.owner;
  admin = await t.platformAdmin();
  ids = { agentId: started.agentId, conversationId: started.conversationId, clientId: owner.clientId };
});
afterAll(async () => t?.close());

describe('the text rule at the HTTP boundary', () => {
  /** Rows of every table a refused request could have written to. */
  const counts = async () =>
    (
      await t.handle.query<Record<string, number>>(
        `select ${[
          'agents',
          'sub_agents',
          'prompt_templates',
          'prompt_template_versions',
          'conversations',
          'messages',
          'runs',
          'api_keys',
          'credentials',
          'clients',
          'audit_log',
        ]
          .map((table) => `(select count(*)::int from ${table}) as ${table}`)
          .join(', ')}`,
      )
    )[0];
  const clientRow = async () =>
    (await t.handle.query('select name, plan, settings from clients where id = $1', [ids.clientId]))[0];

  for (const testCase of cases) {
    for (const [kind, { text, message }] of Object.entries(kinds)) {
      it(`refuses ${kind} in ${testCase.name}, naming ${testCase.field}, and stores nothing`, async () => {
        const before = { counts: await counts(), client: await clientRow() };
        const response = await t.request({
          method: testCase.method,
          url: testCase.url(ids),
          token: (testCase.admin ? admin : owner).accessToken,
          body: testCase.body?.(text),
        });
        expect(response.statusCode, response.body).toBe(400);
        const body = response.json();
        expect(body.code).toBe('VALIDATION_ERROR');
        expect(body.details).toEqual([{ field: testCase.field, message: expect.stringContaining(message) }]);
        expect(body.error).toContain(testCase.field);
        expect({ counts: await counts(), client: await clientRow() }).toEqual(before);
      });
    }
  }

  it('refuses NUL and lone surrogates in object keys, naming the key', async () => {
    for (const [kind, { text, message }] of Object.entries(kinds)) {
      const before = await counts();
      const response = await t.request({
        method: 'POST',
        url: '/v1/agents',
        token: owner.accessToken,
        body: { name: 'n', system_prompt: 'x', config: { outer: { [text]: 1 } } },
      });
      expect(response.statusCode, kind).toBe(400);
      expect(response.json().details).toEqual([
        {
          field: `body.config.outer.${sanitizeText(text)}`,
          message: expect.stringContaining(`key ${message}`),
        },
      ]);
      expect(await counts()).toEqual(before);
    }
    const settings = await t.request({
      method: 'PATCH',
      url: `/v1/admin/clients/${ids.clientId}`,
      token: admin.accessToken,
      body: { settings: { 'k\u0000': true } },
    });
    expect(settings.statusCode).toBe(400);
    expect(settings.json().details[0].field).toBe('body.settings.k\uFFFD');
  });

  it('refuses NUL in search queries and path parameters', async () => {
    for (const [url, field] of [
      ['/v1/agents?search=a%00b', 'querystring.search'],
      ['/v1/prompt-templates?search=%00', 'querystring.search'],
      ['/v1/admin/clients?cursor=%00', 'querystring.cursor'],
      ['/v1/conversations/a%00b', 'params.id'],
    ] as const) {
      const token = url.startsWith('/v1/admin') ? admin.accessToken : owner.accessToken;
      const response = await t.request({ method: 'GET', url, token });
      expect(response.statusCode, url).toBe(400);
      expect(response.json()).toMatchObject({ code: 'VALIDATION_ERROR', details: [{ field }] });
    }
  });

  it('keeps well-formed text, emoji and all, untouched', async () => {
    const name = 'Olá 😀 👨‍👩‍👧 🇧🇷';
    const agent = await t.createAgent(owner.accessToken, {
      name,
      system_prompt: 'x',
      config: { 'chave 😀': ['valor 🇧🇷'] },
    });
    expect(agent.name).toBe(name);
    expect(agent.config).toEqual({ 'chave 😀': ['valor 🇧🇷'] });
  });
});

describe('JSON depth limit', () => {
  const post = (payload: string) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/agents',
      headers: { authorization: `Bearer ${owner.accessToken}`, 'content-type': 'application/json' },
      payload,
    });
  const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it('refuses a body nested 5,000 deep before parsing it', async () => {
    const response = await post(`{"name":"n","system_prompt":"x","config":${nested(5000)}}`);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'VALIDATION_ERROR',
      max_depth: 64,
      details: [{ field: 'body', message: expect.stringContaining('64 levels') }],
    });
    const arrays = await post(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    expect(arrays.statusCode).toBe(400);
    expect(arrays.json().max_depth).toBe(64);
  });

  it('accepts 64 levels, and does not count brackets inside strings', async () => {
    const accepted = await post(
      `{"name":"n","system_prompt":"${'[{'.repeat(100)}\\"[{","config":${nested(63)}}`,
    );
    expect(accepted.statusCode, accepted.body).toBe(201);
    const refused = await post(`{"name":"n","system_prompt":"x","config":${nested(64)}}`);
    expect(refused.statusCode).toBe(400);
  });

  it('keeps the parser rules: malformed JSON and prototype poisoning are refused, an empty body is none', async () => {
    expect((await post('{"name":')).json().code).toBe('VALIDATION_ERROR');
    expect((await post('{"__proto__":{"x":1}}')).statusCode).toBe(400);
    const empty = await post('');
    expect(empty.json().details?.[0]?.field).toBe('body');
  });
});

describe('text cut by the server', () => {
  it('titles a conversation without cutting the emoji at character 80 in half', async () => {
    const conversationId = await t.openConversation(owner.accessToken, ids.agentId);
    const content = `${'x'.repeat(79)}😀 and more`;
    const sent = await t.ask(owner.accessToken, conversationId, content, { stream: false });
    expect(sent.statusCode, sent.body).toBeLessThan(300);
    const title = (
      await t.request({ method: 'GET', url: `/v1/conversations/${conversationId}`, token: owner.accessToken })
    ).json().title as string;
    expect(title).toBe('x'.repeat(79));
    expect(title).not.toContain('\uFFFD');
  });

  it("keeps the offline model's echo of a long message whole, so its answer can be stored", async () => {
    const conversationId = await t.openConversation(owner.accessToken, ids.agentId);
    // Streamed, so the request ends when the run does.
    const sent = await t.ask(owner.accessToken, conversationId, `${'y'.repeat(198)}😀 tail`);
    expect(sent.statusCode).toBe(200);
    expect(sent.body).not.toContain('event: error');
    const messages = (
      await t.request({
        method: 'GET',
        url: `/v1/conversations/${conversationId}/messages`,
        token: owner.accessToken,
      })
    ).json().data as Array<{ role: string; text: string }>;
    const answer = messages.find((message) => message.role === 'assistant');
    expect(answer?.text).toContain(`"${'y'.repeat(198)}…"`);
    expect(answer?.text.isWellFormed()).toBe(true);
  });

  it('keeps a remembered fact of more than 4,000 characters whole up to the last full character', async () => {
    const conversation = (
      await t.request({
        method: 'POST',
        url: `/v1/agents/${ids.agentId}/conversations`,
        token: owner.accessToken,
        body: { contact: { external_id: 'wa:long-fact', name: 'Long' } },
      })
    ).json() as { contact_id: string };
    const id = randomUUID();
    await withClient(t.deps.db, owner.clientId, (tx) =>
      rememberFact(tx, {
        id,
        clientId: owner.clientId,
        agentId: ids.agentId,
        contactId: conversation.contact_id,
        fact: `${'m'.repeat(3999)}😀 tail`,
      }),
    );
    const [row] = await t.handle.query<{ content: string }>('select content from memories where id = $1', [
      id,
    ]);
    expect(row?.content).toBe('m'.repeat(3999));
  });
});
