import { createAnthropic } from '@ai-sdk/anthropic';
import { APICallError, generateText, isStepCount, jsonSchema, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../src/fakes/index.ts';

const KEY = 'sk-ant-test';

const lookupTool = tool({
  description: 'Looks up an order',
  inputSchema: jsonSchema<{ orderId: string }>({
    type: 'object',
    properties: { orderId: { type: 'string' } },
    required: ['orderId'],
  }),
  execute: async ({ orderId }) => ({ orderId, status: 'shipped' }),
});

describe('fake Anthropic via @ai-sdk/anthropic', () => {
  it('streams text and sends x-api-key and anthropic-version', async () => {
    await using fake = await startFakeAnthropic({ apiKey: KEY });
    const anthropic = createAnthropic({ baseURL: fake.baseURL, apiKey: KEY });
    const result = streamText({ model: anthropic('claude-sonnet-4-5'), prompt: 'hello claude' });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    expect(deltas.join('')).toBe('Echo: hello claude');
    expect(deltas.length).toBeGreaterThan(1);
    expect(await result.finishReason).toBe('stop');
    expect((await result.usage).inputTokens).toBeGreaterThan(0);
    const request = fake.requests[0];
    expect(request?.path).toBe('/v1/messages');
    expect(request?.headers['x-api-key']).toBe(KEY);
    expect(request?.headers['anthropic-version']).toBe('2023-06-01');
    expect(request?.body).toMatchObject({ model: 'claude-sonnet-4-5', stream: true });
  });

  it('streams a tool_use round trip', async () => {
    await using fake = await startFakeAnthropic({ apiKey: KEY, argumentsChunkSize: 5 });
    fake.enqueueTurn({ text: 'Checking.', toolCalls: [{ name: 'lookup', arguments: { orderId: 'A-1' } }] });
    const anthropic = createAnthropic({ baseURL: fake.baseURL, apiKey: KEY });
    const result = streamText({
      model: anthropic('claude-sonnet-4-5'),
      prompt: 'Where is order A-1?',
      tools: { lookup: lookupTool },
      stopWhen: isStepCount(3),
    });
    const text = await result.text;
    const steps = await result.steps;
    expect(steps).toHaveLength(2);
    expect(steps[0]?.finishReason).toBe('tool-calls');
    expect(steps[0]?.toolCalls[0]).toMatchObject({ toolName: 'lookup', input: { orderId: 'A-1' } });
    expect(text).toContain('Tool results: {"orderId":"A-1","status":"shipped"}');
    const second = fake.requests[1]?.body as { messages: { role: string; content: { type: string }[] }[] };
    expect(second.messages.at(-1)?.content[0]?.type).toBe('tool_result');
  });

  it('generateText runs a tool round trip without streaming', async () => {
    await using fake = await startFakeAnthropic();
    fake.enqueueTurn(
      { toolCalls: [{ name: 'lookup', arguments: { orderId: 'B-2' } }] },
      { text: 'Shipped.' },
    );
    const anthropic = createAnthropic({ baseURL: fake.baseURL, apiKey: 'any' });
    const result = await generateText({
      model: anthropic('claude-haiku-4-5'),
      prompt: 'Order B-2?',
      tools: { lookup: lookupTool },
      stopWhen: isStepCount(3),
    });
    expect(result.steps[0]?.toolResults[0]?.output).toEqual({ orderId: 'B-2', status: 'shipped' });
    expect(result.text).toBe('Shipped.');
  });

  it('a wrong key gets the Anthropic error shape', async () => {
    await using fake = await startFakeAnthropic({ apiKey: KEY });
    const anthropic = createAnthropic({ baseURL: fake.baseURL, apiKey: 'wrong' });
    const error = await generateText({
      model: anthropic('claude-haiku-4-5'),
      prompt: 'x',
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBe(401);
    expect(JSON.parse((error as APICallError).responseBody ?? '{}')).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: 'invalid x-api-key' },
    });
  });

  it('retries a scripted 529 overloaded answer', async () => {
    await using fake = await startFakeAnthropic();
    fake.enqueue({ status: 529, retryAfter: 0 });
    const anthropic = createAnthropic({ baseURL: fake.baseURL, apiKey: 'any' });
    const result = await generateText({
      model: anthropic('claude-haiku-4-5'),
      prompt: 'again',
      maxRetries: 1,
    });
    expect(result.text).toBe('Echo: again');
    expect(fake.requests).toHaveLength(2);
  });
});

describe('fake Anthropic wire format', () => {
  it('names every SSE event and includes input_json_delta', async () => {
    await using fake = await startFakeAnthropic();
    fake.enqueueTurn({ text: 'Hi', toolCalls: [{ name: 'f', arguments: { a: 1 } }] });
    const response = await fetch(`${fake.baseURL}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({
        model: 'claude',
        max_tokens: 100,
        stream: true,
        messages: [{ role: 'user', content: 'x' }],
      }),
    });
    const frames = (await response.text()).split('\n\n').filter(Boolean);
    const events = frames.map((frame) => /^event: (.+)$/m.exec(frame)?.[1]);
    expect(events[0]).toBe('message_start');
    expect(events).toContain('content_block_start');
    expect(events.at(-2)).toBe('message_delta');
    expect(events.at(-1)).toBe('message_stop');
    const data = frames.map((frame) => JSON.parse(/^data: (.+)$/m.exec(frame)?.[1] ?? '{}'));
    expect(data.some((d) => d.delta?.type === 'input_json_delta')).toBe(true);
    expect(data.find((d) => d.type === 'message_delta')?.delta.stop_reason).toBe('tool_use');
  });

  it('requires anthropic-version and max_tokens', async () => {
    await using fake = await startFakeAnthropic();
    const post = (headers: Record<string, string>, body: unknown) =>
      fetch(`${fake.baseURL}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const noVersion = await post({}, { model: 'c', max_tokens: 1, messages: [] });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' },
    });
    const noMax = await post({ 'anthropic-version': '2023-06-01' }, { model: 'c', messages: [] });
    expect(((await noMax.json()) as { error: { message: string } }).error.message).toBe(
      'max_tokens: Field required',
    );
  });

  it('emits an in-stream error event', async () => {
    await using fake = await startFakeAnthropic();
    fake.enqueueTurn({ text: 'partial', streamError: { type: 'overloaded_error', message: 'Overloaded' } });
    const anthropic = createAnthropic({ baseURL: fake.baseURL, apiKey: 'any' });
    const errors: unknown[] = [];
    const result = streamText({
      model: anthropic('claude-haiku-4-5'),
      prompt: 'x',
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    for await (const _ of result.fullStream) {
      // drain
    }
    expect(JSON.stringify(errors[0]) + String(errors[0])).toContain('Overloaded');
  });
});
