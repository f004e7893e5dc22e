import type { LightMyRequestResponse } from 'fastify';
import type { TestApp, TestSession } from '../test-app.ts';
import type { FuzzWorld } from './route-requests.ts';
import type { JsonSchema } from './schema-arbitrary.ts';

function expectStatus(response: LightMyRequestResponse, status: number, what: string) {
  if (response.statusCode !== status) {
    throw new Error(`fuzz set-up: ${what} answered ${response.statusCode} ${response.body}`);
  }
  return response.json();
}

/** Creates one of each resource in a client, so fuzzed requests reach handlers and rows, not only 404s. */
async function seedClient(t: TestApp, session: TestSession): Promise<Record<string, string[]>> {
  const token = session.accessToken;
  const post = async (url: string, body: unknown, what: string, status = 201) =>
    expectStatus(await t.request({ method: 'POST', url, token, body }), status, what);
  const agent = await t.createAgent(token, {
    name: 'Fuzz target',
    system_prompt: 'You answer briefly.',
    tools: [{ name: 'calculator' }],
  });
  const subAgent = await post(
    `/v1/agents/${agent.id}/sub-agents`,
    { name: 'Billing', system_prompt: 'Billing questions.', topics: ['billing'] },
    'sub-agent',
  );
  const template = await post('/v1/prompt-templates', { name: 'Tone', body: 'Be kind.' }, 'template');
  await post(`/v1/prompt-templates/${template.id}/versions`, { body: 'Be very kind.' }, 'template version');
  const schedule = await post(
    '/v1/schedules',
    { name: 'Fuzz', cron: '0 18 * * *', target: { type: 'agent', agent_id: agent.id, prompt: 'Hi' } },
    'schedule',
  );
  const conversationId = await t.openConversation(token, agent.id, {
    title: 'Fuzz',
    contact: { external_id: `contact-${session.userId}`, name: 'Ana' },
  });
  const sent = await t.ask(token, conversationId, 'Hello', { stream: false });
  const runId = expectStatus(sent, 202, 'message').run_id as string;
  await t.manager.drain();
  const conversation = expectStatus(
    await t.request({ method: 'GET', url: `/v1/conversations/${conversationId}`, token }),
    200,
    'conversation',
  );
  const credential = await post(
    '/v1/credentials',
    { service: 'tavily', name: 'Search', secret: { api_key: 'tvly-test' } },
    'credential',
  );
  const apiKey = await post('/v1/api-keys', { name: 'Fuzz key', role: 'admin' }, 'API key');
  return {
    agents: [agent.id],
    'sub-agents': [subAgent.id],
    'prompt-templates': [template.id],
    schedules: [schedule.id],
    versions: ['1', '2'],
    conversations: [conversationId],
    runs: [runId],
    contacts: conversation.contact_id ? [conversation.contact_id] : [],
    credentials: [credential.id],
    'api-keys': [apiKey.id],
    members: [session.userId],
    apiKeySecret: [apiKey.secret],
  };
}

/**
 * The fuzzed world: an owner's client and another client, each with one of every resource, a platform
 * admin, and an API key of the owner's client.
 */
export async function createFuzzWorld(
  t: TestApp,
  document: { components?: { schemas?: Record<string, JsonSchema> } },
): Promise<FuzzWorld> {
  const owner = await t.signup();
  const other = await t.signup();
  const admin = await t.platformAdmin();
  const { apiKeySecret, ...ownIds } = await seedClient(t, owner);
  const { apiKeySecret: _otherKey, ...otherIds } = await seedClient(t, other);
  const schemas = document.components?.schemas ?? {};
  return {
    senders: {
      owner: { authorization: `Bearer ${owner.accessToken}` },
      apiKey: { 'x-api-key': apiKeySecret?.[0] ?? '' },
      admin: { authorization: `Bearer ${admin.accessToken}` },
      other: { authorization: `Bearer ${other.accessToken}` },
    },
    // The admin routes act on the other client, so the owner's client is never suspended mid-run.
    ownIds: {
      ...ownIds,
      clients: [other.clientId],
      'tool-proxy': ['calculator', 'http_request', 'web_search'],
    },
    otherIds: { ...otherIds, clients: [] },
    resolve: (ref) => schemas[ref.replace('#/components/schemas/', '')],
  };
}
