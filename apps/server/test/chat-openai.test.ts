import { startFakeOpenAI, testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

describe('a chat turn through a real provider client, and prompt variables', () => {
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let t: TestApp;
  let owner: TestSession;

  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: 'sk-platform-test' });
    t = await createTestApp(pglite, {
      models: { openai: { apiKey: 'sk-platform-test', baseURL: fake.baseURL } },
    });
    owner = await t.signup({ client_name: 'Padaria Pão Quente' });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it('refuses to save a prompt with an unknown variable, naming it', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/v1/agents',
      token: owner.accessToken,
      body: { name: 'x', system_prompt: 'Olá {{cliente_nome}}' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'VALIDATION_ERROR',
      variable: 'cliente_nome',
      field: 'system_prompt',
    });
    const agent = await t.createAgent(owner.accessToken, {
      name: 'y',
      system_prompt: 'ok',
      config: { tone: 'formal' },
    });
    const orphaning = await t.request({
      method: 'PATCH',
      url: `/v1/agents/${agent.id}`,
      token: owner.accessToken,
      body: { system_prompt: 'Tom: {{config.tone}}', config: {} },
    });
    expect(orphaning.json()).toMatchObject({ code: 'VALIDATION_ERROR', variable: 'config.tone' });
  });

  it('renders the variables into the prompt the model receives, and meters the call as platform usage', async () => {
    const agent = await t.createAgent(owner.accessToken, {
      name: 'Atendente',
      model: 'openai/gpt-4o-mini',
      system_prompt: 'Você atende {{contact.name}} pela {{client.name}} em tom {{config.tone}}.',
      config: { tone: 'cordial' },
    });
    const conversationId = await t.openConversation(owner.accessToken, agent.id, {
      contact: { external_id: 'wa:55', name: 'Joana' },
    });
    const response = await t.request({
      method: 'POST',
      url: `/v1/conversations/${conversationId}/messages`,
      token: owner.accessToken,
      headers: { accept: 'text/event-stream' },
      body: { content: 'Vocês abrem domingo?' },
    });
    expect(response.body).toContain('event: complete');
    const sent = fake.requests.at(-1)!;
    expect(sent.headers.authorization).toBe('Bearer sk-platform-test');
    const serialized = JSON.stringify(sent.body);
    expect(serialized).toContain('Você atende Joana pela Padaria Pão Quente em tom cordial.');
    expect(serialized).toContain('Vocês abrem domingo?');
    const ledger = await t.handle.query<{
      model_provider: string;
      model_name: string;
      api_key_type: string;
      tokens_input: number;
    }>(
      'select model_provider, model_name, api_key_type, tokens_input from renum_ai_usage_logs where conversation_id = $1',
      [conversationId],
    );
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      model_provider: 'openai',
      model_name: 'gpt-4o-mini',
      api_key_type: 'platform',
    });
    expect(ledger[0]!.tokens_input).toBeGreaterThan(0);
  });

  it('answers with the prompt-template version an agent points at, and stores fallbacks and max steps', async () => {
    const template = (
      await t.request({
        method: 'POST',
        url: '/v1/prompt-templates',
        token: owner.accessToken,
        body: { name: 'Balcão', body: 'Modelo do balcão da {{client.name}}.' },
      })
    ).json();
    const missing = await t.request({
      method: 'POST',
      url: '/v1/agents',
      token: owner.accessToken,
      body: {
        name: 'z',
        system_prompt: 'x',
        prompt_template_version_id: '00000000-0000-4000-8000-000000000000',
      },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({
      code: 'PROMPT_TEMPLATE_NOT_FOUND',
      field: 'prompt_template_version_id',
    });
    const created = await t.request({
      method: 'POST',
      url: '/v1/agents',
      token: owner.accessToken,
      body: {
        name: 'Balconista',
        model: 'openai/gpt-4o-mini',
        system_prompt: 'Prompt próprio, não usado.',
        prompt_template_version_id: template.latest.id,
        fallback_models: ['openai/gpt-4.1-mini'],
        max_steps: 3,
      },
    });
    expect(created.statusCode).toBe(201);
    const agent = created.json();
    expect(agent).toMatchObject({
      prompt_template_version_id: template.latest.id,
      fallback_models: ['openai/gpt-4.1-mini'],
      max_steps: 3,
    });
    const conversationId = await t.openConversation(owner.accessToken, agent.id);
    const response = await t.ask(owner.accessToken, conversationId, 'Tem pão?');
    expect(response.body).toContain('event: complete');
    const serialized = JSON.stringify(fake.requests.at(-1)!.body);
    expect(serialized).toContain('Modelo do balcão da Padaria Pão Quente.');
    expect(serialized).not.toContain('Prompt próprio');
    const cleared = await t.request({
      method: 'PATCH',
      url: `/v1/agents/${agent.id}`,
      token: owner.accessToken,
      body: { prompt_template_version_id: null, max_steps: 0 },
    });
    expect(cleared.statusCode).toBe(400); // max_steps must be at least 1; nothing changes
    const fetched = (
      await t.request({ method: 'GET', url: `/v1/agents/${agent.id}`, token: owner.accessToken })
    ).json();
    expect(fetched.prompt_template_version_id).toBe(template.latest.id);
  });
});
