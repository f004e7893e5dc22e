import { AppError } from '@renum/contracts';
import { startFakeAnthropic, startFakeOpenAI } from '@renum/testing';
import { embedMany, generateText, isStepCount, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createModelRegistry,
  defaultModelFor,
  defineTool,
  parseModelId,
  toAiSdkTools,
} from '../src/index.ts';

const KEY = 'sk-registry-test';

const weather = defineTool({
  name: 'weather',
  description: 'Current weather for a city',
  inputSchema: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, temperatureC: 21 }),
});
const tools = toAiSdkTools([weather]);

function notConfigured(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (AppError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected MODEL_NOT_CONFIGURED');
}

describe('model registry: OpenAI', () => {
  for (const api of ['responses', 'chat'] as const) {
    const path = api === 'chat' ? '/v1/chat/completions' : '/v1/responses';

    it(`streams text through the ${api} API`, async () => {
      await using fake = await startFakeOpenAI({ apiKey: KEY, chunking: 2 });
      const registry = createModelRegistry({ openai: { apiKey: KEY, baseURL: fake.baseURL, api } });
      fake.enqueueTurn({ text: 'Streaming from the fake OpenAI.' });
      const resolved = registry.resolve('openai/gpt-4o-mini');
      const result = streamText({ model: resolved.model, prompt: 'hello', maxRetries: 0 });
      const deltas: string[] = [];
      for await (const delta of result.textStream) deltas.push(delta);
      expect(deltas.join('')).toBe('Streaming from the fake OpenAI.');
      expect(deltas.length).toBeGreaterThan(2);
      expect((await result.usage).outputTokens).toBeGreaterThan(0);
      expect(fake.requests[0]?.path).toBe(path);
      expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(fake.requests[0]?.body).toMatchObject({ model: 'gpt-4o-mini', stream: true });
      expect(resolved).toMatchObject({
        provider: 'openai',
        modelId: 'openai/gpt-4o-mini',
        modelName: 'gpt-4o-mini',
        apiKeyType: 'platform',
      });
    });

    it(`runs a tool call round trip through the ${api} API`, async () => {
      await using fake = await startFakeOpenAI({ apiKey: KEY, argumentsChunkSize: 3 });
      const registry = createModelRegistry({ openai: { apiKey: KEY, baseURL: fake.baseURL, api } });
      fake.enqueueTurn({ toolCalls: [{ name: 'weather', arguments: { city: 'Recife' } }] });
      const result = streamText({
        model: registry.resolve('gpt-4o-mini').model,
        prompt: 'Weather in Recife?',
        tools,
        stopWhen: isStepCount(3),
        maxRetries: 0,
      });
      expect(await result.text).toBe('Tool results: {"city":"Recife","temperatureC":21}');
      const steps = await result.steps;
      expect(steps[0]?.toolCalls[0]).toMatchObject({ toolName: 'weather', input: { city: 'Recife' } });
      expect(fake.requests.map((request) => request.path)).toEqual([path, path]);
    });
  }

  it('uses the Responses API by default', async () => {
    await using fake = await startFakeOpenAI({ apiKey: KEY });
    const registry = createModelRegistry({ openai: { apiKey: KEY, baseURL: fake.baseURL } });
    const result = await generateText({ model: registry.resolve('openai/gpt-4.1-mini').model, prompt: 'hi' });
    expect(result.text).toBe('Echo: hi');
    expect(fake.requests[0]?.path).toBe('/v1/responses');
  });

  it('routes calls through an injected fetch', async () => {
    await using fake = await startFakeOpenAI({ apiKey: KEY });
    const seen: string[] = [];
    const registry = createModelRegistry({
      openai: { apiKey: KEY, baseURL: fake.baseURL },
      fetch: (input, init) => {
        seen.push(String(input instanceof Request ? input.url : input));
        return fetch(input, init);
      },
    });
    await generateText({ model: registry.resolve('gpt-4o-mini').model, prompt: 'via fetch' });
    expect(seen).toEqual([`${fake.baseURL}/responses`]);
  });

  it("uses a client's own key for one call, opened inside each request only, marking it client-paid", async () => {
    await using fake = await startFakeOpenAI({ apiKey: 'sk-client-own' });
    const registry = createModelRegistry({ openai: { baseURL: fake.baseURL } });
    let opened = 0;
    const clientKey = async () => {
      opened += 1;
      return 'sk-client-own';
    };
    const resolved = registry.resolve('openai/gpt-4o-mini', { clientKey });
    expect(resolved.apiKeyType).toBe('client');
    expect(opened).toBe(0); // resolving a model opens nothing
    expect(JSON.stringify(resolved)).not.toContain('sk-client-own');
    const result = await generateText({ model: resolved.model, prompt: 'byok' });
    expect(result.text).toBe('Echo: byok');
    expect(opened).toBe(1);
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer sk-client-own');
    expect(registry.resolve('offline/renum', { clientKey }).apiKeyType).toBe('platform');
  });

  it("builds a platform-key model once per id, and a client's key model each time, never shared", async () => {
    await using fake = await startFakeOpenAI({ apiKey: KEY });
    const registry = createModelRegistry({ openai: { apiKey: KEY, baseURL: fake.baseURL } });
    const platform = registry.resolve('openai/gpt-4o-mini').model;
    expect(registry.resolve('gpt-4o-mini').model).toBe(platform);
    expect(registry.resolve('openai/gpt-4o').model).not.toBe(platform);
    const clientKey = async () => 'sk-client-own';
    const own = registry.resolve('openai/gpt-4o-mini', { clientKey }).model;
    expect(own).not.toBe(platform);
    expect(registry.resolve('openai/gpt-4o-mini', { clientKey }).model).not.toBe(own);
    // The cached platform model still calls with the platform's key after a client's was used.
    await expect(generateText({ model: own, prompt: 'client' })).rejects.toThrow(); // the fake knows only the platform's key
    await generateText({ model: registry.resolve('gpt-4o-mini').model, prompt: 'platform' });
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);
  });
});

describe('model registry: Anthropic', () => {
  it('streams text and a tool_use round trip through the Messages API', async () => {
    await using fake = await startFakeAnthropic({ apiKey: KEY });
    const registry = createModelRegistry({ anthropic: { apiKey: KEY, baseURL: fake.baseURL } });
    fake.enqueueTurn(
      { text: 'Let me check.', toolCalls: [{ name: 'weather', arguments: { city: 'Lisboa' } }] },
      { text: 'It is 21 degrees in Lisboa.' },
    );
    const resolved = registry.resolve('anthropic/claude-haiku-4-5');
    const result = streamText({ model: resolved.model, prompt: 'Weather?', tools, stopWhen: isStepCount(3) });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    expect(deltas.join('')).toBe('Let me check.It is 21 degrees in Lisboa.');
    const steps = await result.steps;
    expect(steps[0]?.toolResults[0]?.output).toEqual({ city: 'Lisboa', temperatureC: 21 });
    expect(fake.requests.map((request) => request.path)).toEqual(['/v1/messages', '/v1/messages']);
    expect(fake.requests[0]?.headers['x-api-key']).toBe(KEY);
    expect(fake.requests[0]?.body).toMatchObject({ model: 'claude-haiku-4-5', stream: true });
    expect(resolved).toMatchObject({ provider: 'anthropic', modelId: 'anthropic/claude-haiku-4-5' });
  });

  it("sends a client's own key as x-api-key, opened inside the request", async () => {
    await using fake = await startFakeAnthropic({ apiKey: 'sk-ant-client' });
    const registry = createModelRegistry({ anthropic: { baseURL: fake.baseURL } });
    fake.enqueueTurn({ text: 'ok' });
    const resolved = registry.resolve('anthropic/claude-haiku-4-5', {
      clientKey: async () => 'sk-ant-client',
    });
    const result = await generateText({ model: resolved.model, prompt: 'byok' });
    expect(result.text).toBe('ok');
    expect(fake.requests[0]?.headers['x-api-key']).toBe('sk-ant-client');
    expect(resolved.apiKeyType).toBe('client');
  });
});

describe('model registry: OpenAI-compatible', () => {
  it('streams and calls tools through chat completions of a named endpoint', async () => {
    await using fake = await startFakeOpenAI({ apiKey: 'ollama-key' });
    const registry = createModelRegistry({
      openaiCompatible: { ollama: { baseURL: fake.baseURL, apiKey: 'ollama-key', models: ['llama3.1'] } },
    });
    fake.enqueueTurn({ toolCalls: [{ name: 'weather', arguments: { city: 'Roma' } }] });
    const resolved = registry.resolve('openai-compatible/ollama/llama3.1');
    expect(resolved).toMatchObject({
      provider: 'openai-compatible',
      modelId: 'openai-compatible/ollama/llama3.1',
      modelName: 'ollama/llama3.1',
    });
    const result = streamText({ model: resolved.model, prompt: 'Weather?', tools, stopWhen: isStepCount(3) });
    expect(await result.text).toBe('Tool results: {"city":"Roma","temperatureC":21}');
    expect((await result.usage).outputTokens).toBeGreaterThan(0);
    expect(fake.requests[0]?.body).toMatchObject({
      model: 'llama3.1',
      stream: true,
      stream_options: { include_usage: true },
    });
  });
});

describe('model registry: configuration', () => {
  it('fails with MODEL_NOT_CONFIGURED naming the provider', () => {
    const registry = createModelRegistry({ openai: { apiKey: undefined } });
    const openai = notConfigured(() => registry.resolve('gpt-4o-mini'));
    expect(openai.code).toBe('MODEL_NOT_CONFIGURED');
    expect(openai.status).toBe(400);
    expect(openai.message).toContain('openai');
    expect(openai.context).toEqual({ provider: 'openai', model: 'openai/gpt-4o-mini' });
    expect(notConfigured(() => registry.resolve('anthropic/claude-sonnet-4-5')).context).toMatchObject({
      provider: 'anthropic',
    });
    expect(notConfigured(() => registry.resolve('openai-compatible/vllm/qwen')).context).toMatchObject({
      provider: 'openai-compatible/vllm',
    });
    expect(notConfigured(() => registry.resolve('google/gemini-2.5-flash')).context).toMatchObject({
      provider: 'google',
    });
    expect(notConfigured(() => registry.resolve('offline/other')).code).toBe('MODEL_NOT_CONFIGURED');
  });

  it('reads a bare name as OpenAI and keeps canonical ids', () => {
    expect(parseModelId('gpt-4o-mini')).toMatchObject({ id: 'openai/gpt-4o-mini', provider: 'openai' });
    expect(parseModelId('openai-compatible/openrouter/meta-llama/llama-3.1-70b')).toMatchObject({
      provider: 'openai-compatible',
      endpoint: 'openrouter',
      apiModel: 'meta-llama/llama-3.1-70b',
      model: 'openrouter/meta-llama/llama-3.1-70b',
    });
    const registry = createModelRegistry({ openai: { apiKey: KEY, baseURL: 'http://127.0.0.1:9/v1' } });
    expect(registry.resolve('gpt-4o-mini').modelId).toBe('openai/gpt-4o-mini');
  });

  it('lists configured models and always the offline one, flagged', () => {
    const bare = createModelRegistry();
    expect(bare.listModels()).toEqual([
      expect.objectContaining({ id: 'offline/renum', provider: 'offline', offline: true }),
    ]);
    const full = createModelRegistry({
      openai: { apiKey: KEY },
      anthropic: { apiKey: KEY },
      openaiCompatible: {
        ollama: { baseURL: 'http://127.0.0.1:11434/v1', models: ['llama3.1'], label: 'Ollama' },
      },
    });
    const models = full.listModels();
    expect(models[0]).toMatchObject({ id: 'openai/gpt-4o-mini', offline: false });
    expect(models.map((model) => model.id)).toEqual(
      expect.arrayContaining(['anthropic/claude-sonnet-4-5', 'openai-compatible/ollama/llama3.1']),
    );
    expect(models.find((model) => model.provider === 'openai-compatible')?.label).toBe('Ollama: llama3.1');
    expect(models.at(-1)).toMatchObject({ id: 'offline/renum', offline: true });
    expect(models.filter((model) => model.offline)).toHaveLength(1);
    for (const model of models) expect(full.resolve(model.id).modelId).toBe(model.id);
  });

  it('defaults to offline/renum when nothing is configured', () => {
    expect(defaultModelFor({})).toBe('offline/renum');
    expect(defaultModelFor({ openai: { apiKey: undefined } })).toBe('offline/renum');
    expect(defaultModelFor({ openai: { apiKey: KEY } })).toBe('openai/gpt-4o-mini');
    expect(defaultModelFor({ anthropic: { apiKey: KEY } })).toBe('anthropic/claude-haiku-4-5');
    expect(createModelRegistry().defaultModel()).toBe('offline/renum');
  });
});

describe('model registry: embeddings', () => {
  it('embeds through OpenAI and OpenAI-compatible endpoints, with a client key opened per request', async () => {
    await using fake = await startFakeOpenAI({ apiKey: 'sk-client-own' });
    const registry = createModelRegistry({
      openai: { baseURL: fake.baseURL },
      openaiCompatible: { ollama: { baseURL: fake.baseURL, apiKey: 'sk-client-own' } },
    });
    const clientKey = async () => 'sk-client-own';
    const small = registry.resolveEmbedding('openai/text-embedding-3-small', { clientKey });
    expect(small).toMatchObject({ modelId: 'openai/text-embedding-3-small', apiKeyType: 'client' });
    const { embeddings, usage } = await embedMany({ model: small.model, values: ['garantia', 'frete'] });
    expect(embeddings.map((vector) => vector.length)).toEqual([1536, 1536]);
    expect(usage.tokens).toBe(2);
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer sk-client-own');
    const local = registry.resolveEmbedding('openai-compatible/ollama/nomic-embed-text');
    expect((await embedMany({ model: local.model, values: ['a'] })).embeddings[0]).toHaveLength(384);
  });

  it('has no embedding model offline, nor for Anthropic or a provider without a key', () => {
    const registry = createModelRegistry({ anthropic: { apiKey: KEY } });
    for (const id of ['offline/renum', 'anthropic/claude-haiku-4-5', 'openai/text-embedding-3-small']) {
      expect(notConfigured(() => registry.resolveEmbedding(id)).code).toBe('MODEL_NOT_CONFIGURED');
    }
  });
});
