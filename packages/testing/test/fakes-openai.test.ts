import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, generateText, isStepCount, jsonSchema, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../src/fakes/index.ts';

const KEY = 'sk-test-key';

const weatherTool = tool({
  description: 'Current weather for a city',
  inputSchema: jsonSchema<{ city: string }>({
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  }),
  execute: async ({ city }) => ({ city, temperatureC: 21 }),
});

async function readSse(response: Response): Promise<string[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((frame) => frame.length > 0)
    .map(
      (frame) =>
        frame
          .split('\n')
          .find((line) => line.startsWith('data: '))
          ?.slice(6) ?? '',
    );
}

describe('fake OpenAI via @ai-sdk/openai', () => {
  for (const api of ['chat', 'responses'] as const) {
    describe(`${api} API`, () => {
      const model = (baseURL: string) => {
        const openai = createOpenAI({ baseURL, apiKey: KEY });
        return api === 'chat' ? openai.chat('gpt-4o-mini') : openai('gpt-4o-mini');
      };
      const path = api === 'chat' ? '/v1/chat/completions' : '/v1/responses';

      it('generateText returns the deterministic echo with usage', async () => {
        await using fake = await startFakeOpenAI({ apiKey: KEY });
        const result = await generateText({ model: model(fake.baseURL), prompt: 'hello fake' });
        expect(result.text).toBe('Echo: hello fake');
        expect(result.finishReason).toBe('stop');
        expect(result.usage.outputTokens).toBeGreaterThan(0);
        expect(result.usage.inputTokens).toBeGreaterThan(0);
        expect(fake.requests).toHaveLength(1);
        expect(fake.requests[0]?.path).toBe(path);
        expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
      });

      it('streamText streams scripted text in chunks with usage', async () => {
        await using fake = await startFakeOpenAI({ apiKey: KEY, chunking: 3 });
        fake.enqueueTurn({ text: 'Scripted streaming answer.' });
        const result = streamText({ model: model(fake.baseURL), prompt: 'go' });
        const deltas: string[] = [];
        for await (const delta of result.textStream) deltas.push(delta);
        expect(deltas.join('')).toBe('Scripted streaming answer.');
        expect(deltas.length).toBeGreaterThan(5);
        expect(await result.finishReason).toBe('stop');
        expect((await result.usage).outputTokens).toBeGreaterThan(0);
        expect(fake.requests[0]?.body).toMatchObject({ stream: true });
      });

      it('streamText runs a tool call round trip', async () => {
        await using fake = await startFakeOpenAI({ apiKey: KEY, argumentsChunkSize: 4 });
        fake.enqueueTurn({ toolCalls: [{ name: 'weather', arguments: { city: 'Paris' } }] });
        const result = streamText({
          model: model(fake.baseURL),
          prompt: 'Weather in Paris?',
          tools: { weather: weatherTool },
          stopWhen: isStepCount(3),
        });
        const text = await result.text;
        const steps = await result.steps;
        expect(steps).toHaveLength(2);
        expect(steps[0]?.finishReason).toBe('tool-calls');
        expect(steps[0]?.toolCalls[0]).toMatchObject({ toolName: 'weather', input: { city: 'Paris' } });
        expect(text).toBe('Tool results: {"city":"Paris","temperatureC":21}');
        expect(fake.requests).toHaveLength(2);
        expect(JSON.stringify(fake.requests[1]?.body)).toContain('temperatureC');
      });

      it('generateText runs a tool call round trip', async () => {
        await using fake = await startFakeOpenAI({ apiKey: KEY });
        fake.enqueueTurn(
          { text: 'Let me check.', toolCalls: [{ name: 'weather', arguments: '{"city":"Oslo"}' }] },
          { text: 'It is 21 degrees in Oslo.' },
        );
        const result = await generateText({
          model: model(fake.baseURL),
          prompt: 'Weather in Oslo?',
          tools: { weather: weatherTool },
          stopWhen: isStepCount(3),
        });
        expect(result.steps[0]?.toolResults[0]?.output).toEqual({ city: 'Oslo', temperatureC: 21 });
        expect(result.text).toBe('It is 21 degrees in Oslo.');
        expect(fake.pendingTurns()).toBe(0);
      });

      it('a wrong key gets the OpenAI 401 error shape', async () => {
        await using fake = await startFakeOpenAI({ apiKey: KEY });
        const openai = createOpenAI({ baseURL: fake.baseURL, apiKey: 'sk-wrong-key-123' });
        const target = api === 'chat' ? openai.chat('gpt-4o-mini') : openai('gpt-4o-mini');
        const error = await generateText({ model: target, prompt: 'x', maxRetries: 0 }).catch(
          (e: unknown) => e,
        );
        expect(APICallError.isInstance(error)).toBe(true);
        const apiError = error as APICallError;
        expect(apiError.statusCode).toBe(401);
        expect(apiError.message).toContain('Incorrect API key provided');
        expect(JSON.parse(apiError.responseBody ?? '{}')).toMatchObject({
          error: { type: 'invalid_request_error', code: 'invalid_api_key', param: null },
        });
      });
    });
  }

  it('retries a scripted 429 honouring Retry-After, then succeeds', async () => {
    await using fake = await startFakeOpenAI({ apiKey: KEY });
    fake.enqueue({ status: 429, retryAfter: 0, message: 'Rate limit reached for requests' });
    const openai = createOpenAI({ baseURL: fake.baseURL, apiKey: KEY });
    const result = await generateText({
      model: openai.chat('gpt-4o-mini'),
      prompt: 'retry me',
      maxRetries: 2,
    });
    expect(result.text).toBe('Echo: retry me');
    expect(fake.requests).toHaveLength(2);
  });

  it('surfaces a scripted 500 after retries are exhausted', async () => {
    await using fake = await startFakeOpenAI();
    fake.enqueue({ status: 500, retryAfter: 0 }, { status: 500, retryAfter: 0 });
    const openai = createOpenAI({ baseURL: fake.baseURL, apiKey: KEY });
    const error = await generateText({ model: openai('gpt-4o-mini'), prompt: 'x', maxRetries: 1 }).catch(
      (e: unknown) => e,
    );
    expect(String((error as Error).message)).toContain('server had an error');
    expect(fake.requests).toHaveLength(2);
  });
});

describe('fake OpenAI via @ai-sdk/openai-compatible', () => {
  it('streams and calls tools through chat completions', async () => {
    await using fake = await startFakeOpenAI({ apiKey: KEY });
    const provider = createOpenAICompatible({
      name: 'ollama',
      baseURL: fake.baseURL,
      apiKey: KEY,
      includeUsage: true,
    });
    fake.enqueueTurn({ toolCalls: [{ name: 'weather', arguments: { city: 'Rome' } }] });
    const result = streamText({
      model: provider.chatModel('llama3.1'),
      prompt: 'Weather in Rome?',
      tools: { weather: weatherTool },
      stopWhen: isStepCount(3),
    });
    expect(await result.text).toBe('Tool results: {"city":"Rome","temperatureC":21}');
    expect((await result.totalUsage).outputTokens).toBeGreaterThan(0);
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/chat/completions', '/v1/chat/completions']);
    expect(fake.requests[0]?.body).toMatchObject({
      model: 'llama3.1',
      stream_options: { include_usage: true },
    });
  });

  it('generates text without streaming', async () => {
    await using fake = await startFakeOpenAI();
    const provider = createOpenAICompatible({ name: 'vllm', baseURL: fake.baseURL });
    const result = await generateText({ model: provider('qwen'), prompt: 'compat' });
    expect(result.text).toBe('Echo: compat');
  });
});

describe('fake OpenAI wire format', () => {
  it('streams chat chunks, a usage chunk and [DONE]', async () => {
    await using fake = await startFakeOpenAI();
    fake.enqueueTurn({ text: 'Hi', toolCalls: [{ name: 'f', arguments: { a: 1 } }] });
    const response = await fetch(`${fake.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'x' }],
      }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const data = await readSse(response);
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((line) => JSON.parse(line));
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks.some((c) => c.choices[0]?.delta.tool_calls?.[0]?.function?.name === 'f')).toBe(true);
    expect(chunks.at(-2).choices[0].finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: expect.any(Number) } });
  });

  it('streams Responses API events in order', async () => {
    await using fake = await startFakeOpenAI();
    fake.enqueueTurn({ text: 'Hi there', toolCalls: [{ name: 'f', arguments: {} }] });
    const response = await fetch(`${fake.baseURL}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, input: 'x' }),
    });
    const types = (await readSse(response)).map((line) => JSON.parse(line).type);
    expect(types[0]).toBe('response.created');
    expect(types).toContain('response.output_text.delta');
    expect(types).toContain('response.function_call_arguments.delta');
    expect(types.filter((t) => t === 'response.output_item.added')).toHaveLength(2);
    expect(types.at(-1)).toBe('response.completed');
  });

  it('lists models and rejects unknown item references', async () => {
    await using fake = await startFakeOpenAI({ models: ['m1', 'm2'] });
    const models = await (await fetch(`${fake.baseURL}/models`)).json();
    expect(models).toEqual({
      object: 'list',
      data: [expect.objectContaining({ id: 'm1', object: 'model' }), expect.anything()],
    });
    const bad = await fetch(`${fake.baseURL}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm1', input: [{ type: 'item_reference', id: 'msg_nope' }] }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toBe(
      "Item with id 'msg_nope' not found.",
    );
  });

  it('emits an in-stream error the SDK reports', async () => {
    await using fake = await startFakeOpenAI();
    fake.enqueueTurn({ text: 'partial', streamError: { message: 'upstream exploded' } });
    const openai = createOpenAI({ baseURL: fake.baseURL, apiKey: KEY });
    const errors: unknown[] = [];
    const result = streamText({
      model: openai.chat('gpt-4o-mini'),
      prompt: 'x',
      onError: ({ error }) => errors.push(error),
    });
    for await (const _ of result.fullStream) {
      // drain
    }
    expect(String(errors[0] instanceof Error ? errors[0].message : JSON.stringify(errors[0]))).toContain(
      'upstream exploded',
    );
  });
});
