import type { RunEventDraft } from '@renum/contracts';
import { startFakeAnthropic, startFakeOpenAI } from '@renum/testing';
import { APICallError, generateText, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import {
  type CallAttempt,
  type CallPolicyOptions,
  createCallPolicy,
  createModelRegistry,
  ModelCallTimeoutError,
  type ModelRegistryOptions,
  readCallMetadata,
  retryAfterMs,
} from '../src/index.ts';

const KEY = 'sk-policy-test';
const fast: CallPolicyOptions = { initialDelayMs: 10, jitter: 0, maxRetries: 2 };

function setup(options: { registry: ModelRegistryOptions; policy?: CallPolicyOptions; models: string[] }) {
  const registry = createModelRegistry(options.registry);
  const policy = createCallPolicy({ ...fast, ...options.policy });
  const attempts: CallAttempt[] = [];
  const events: RunEventDraft[] = [];
  const model = policy.wrap({
    candidates: options.models.map((id) => registry.resolve(id)),
    onAttempt: (attempt) => attempts.push(attempt),
    onEvent: (draft) => events.push(draft),
  });
  return { model, attempts, events };
}

describe('call policy: retries', () => {
  it('retries a 500 and succeeds on the second attempt, reporting both', async () => {
    await using fake = await startFakeOpenAI({ apiKey: KEY });
    fake.enqueue({ status: 500, message: 'The server had an error' });
    const { model, attempts, events } = setup({
      registry: { openai: { apiKey: KEY, baseURL: fake.baseURL, api: 'chat' } },
      models: ['openai/gpt-4o-mini'],
    });
    const result = streamText({ model, prompt: 'try again', maxRetries: 0 });
    expect(await result.text).toBe('Echo: try again');
    expect(fake.requests).toHaveLength(2);
    expect(attempts.map(({ attempt, outcome }) => ({ attempt, outcome }))).toEqual([
      { attempt: 1, outcome: 'failed' },
      { attempt: 2, outcome: 'succeeded' },
    ]);
    expect(attempts[0]).toMatchObject({ modelId: 'openai/gpt-4o-mini', retryable: true });
    expect(attempts[0]?.reason).toContain('HTTP 500');
    expect(events).toEqual([
      expect.objectContaining({
        type: 'status',
        status: 'retrying',
        attempt: 2,
        model: 'openai/gpt-4o-mini',
      }),
    ]);
    expect((events[0] as { reason?: string }).reason).toContain('HTTP 500');
    const step = (await result.steps)[0];
    expect(readCallMetadata(step?.providerMetadata)).toMatchObject({
      modelId: 'openai/gpt-4o-mini',
      attempts: 2,
    });
  });

  it('waits as long as Retry-After asks after a 429', async () => {
    await using fake = await startFakeOpenAI({ apiKey: KEY });
    fake.enqueue({ status: 429, retryAfter: 0.3, message: 'Rate limit reached' });
    const { model, attempts } = setup({
      registry: { openai: { apiKey: KEY, baseURL: fake.baseURL } },
      models: ['openai/gpt-4o-mini'],
    });
    const result = await generateText({ model, prompt: 'patience', maxRetries: 0 });
    expect(result.text).toBe('Echo: patience');
    const [first, second] = fake.requests;
    const waited = (second?.receivedAt ?? 0) - (first?.receivedAt ?? 0);
    expect(waited).toBeGreaterThanOrEqual(280);
    expect(waited).toBeLessThan(1_000);
    expect(attempts).toHaveLength(2);
  });

  it('honours retry-after-ms and caps what the provider asks', async () => {
    await using fake = await startFakeOpenAI({ apiKey: KEY });
    fake.enqueue(
      { status: 429, headers: { 'retry-after-ms': '120' } },
      { status: 503, retryAfter: 3600, message: 'Overloaded' },
    );
    const slept: number[] = [];
    const { model, events } = setup({
      registry: { openai: { apiKey: KEY, baseURL: fake.baseURL, api: 'chat' } },
      policy: { maxRetryAfterMs: 50, sleep: async ({ ms }) => void slept.push(ms) },
      models: ['openai/gpt-4o-mini'],
    });
    await generateText({ model, prompt: 'x', maxRetries: 0 });
    expect(slept).toEqual([50, 50]);
    expect(events.map((event) => (event.type === 'status' ? event.attempt : 0))).toEqual([2, 3]);
    expect(retryAfterMs({ headers: { 'Retry-After': '2' }, now: Date.now })).toBe(2000);
    const at = Date.parse('2026-01-01T00:00:10Z');
    expect(
      retryAfterMs({ headers: { 'retry-after': new Date(at).toUTCString() }, now: () => at - 4000 }),
    ).toBe(4000);
  });

  it('does not retry a 400', async () => {
    await using fake = await startFakeOpenAI({ apiKey: KEY });
    fake.enqueue({ status: 400, message: 'Invalid parameter' });
    const { model, attempts, events } = setup({
      registry: { openai: { apiKey: KEY, baseURL: fake.baseURL, api: 'chat' } },
      models: ['openai/gpt-4o-mini'],
    });
    const error = await generateText({ model, prompt: 'bad', maxRetries: 0 }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBe(400);
    expect(fake.requests).toHaveLength(1);
    expect(attempts).toEqual([expect.objectContaining({ outcome: 'failed', retryable: false })]);
    expect(events).toEqual([]);
  });

  it('retries a dropped connection', async () => {
    await using fake = await startFakeOpenAI({ apiKey: KEY });
    fake.enqueue({ drop: 'before-response' });
    const { model, attempts } = setup({
      registry: { openai: { apiKey: KEY, baseURL: fake.baseURL, api: 'chat' } },
      models: ['openai/gpt-4o-mini'],
    });
    const result = streamText({ model, prompt: 'reconnect', maxRetries: 0 });
    expect(await result.text).toBe('Echo: reconnect');
    expect(attempts[0]).toMatchObject({ outcome: 'failed', retryable: true });
  });
});

describe('call policy: timeouts', () => {
  it('fails a call that gives no output in time', async () => {
    await using fake = await startFakeOpenAI({ apiKey: KEY, thinkTimeMs: 3_000 });
    const { model, attempts } = setup({
      registry: { openai: { apiKey: KEY, baseURL: fake.baseURL, api: 'chat' } },
      policy: { timeoutMs: 100, maxRetries: 0 },
      models: ['openai/gpt-4o-mini'],
    });
    const started = Date.now();
    const error = await generateText({ model, prompt: 'slow', maxRetries: 0 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(ModelCallTimeoutError.isInstance(error)).toBe(true);
    expect((error as ModelCallTimeoutError).phase).toBe('first-output');
    expect(attempts).toEqual([expect.objectContaining({ outcome: 'failed', retryable: true })]);
  });

  it('retries a timed-out stream and answers from the next attempt', async () => {
    await using fake = await startFakeOpenAI({ apiKey: KEY });
    fake.enqueueTurn({ text: 'too late', thinkTimeMs: 2_000 }, { text: 'on time' });
    const { model, events } = setup({
      registry: { openai: { apiKey: KEY, baseURL: fake.baseURL } },
      policy: { timeoutMs: 150 },
      models: ['openai/gpt-4o-mini'],
    });
    const result = streamText({ model, prompt: 'x', maxRetries: 0 });
    expect(await result.text).toBe('on time');
    expect(events[0]).toMatchObject({ status: 'retrying', attempt: 2 });
  });

  it('fails a stream that goes silent mid-answer', async () => {
    await using fake = await startFakeOpenAI({ apiKey: KEY });
    fake.enqueueTurn({ text: 'one two three four five six', chunkDelayMs: 1_000 });
    const { model } = setup({
      registry: { openai: { apiKey: KEY, baseURL: fake.baseURL, api: 'chat' } },
      policy: { idleTimeoutMs: 100 },
      models: ['openai/gpt-4o-mini'],
    });
    const errors: unknown[] = [];
    const deltas: string[] = [];
    const result = streamText({ model, prompt: 'x', maxRetries: 0, onError: () => {} });
    const started = Date.now();
    try {
      for await (const part of result.stream) {
        if (part.type === 'error') errors.push(part.error);
        if (part.type === 'text-delta') deltas.push(part.text);
      }
    } catch (error) {
      // A stream that fails after its output began ends the AI SDK's stream with that error.
      errors.push(error);
    }
    // The first words come after one pause (first-output phase); the next pause trips the idle limit
    // long before the six-word answer (about 6 s at this pace) could finish.
    expect(deltas.join('')).toMatch(/^one\s?$/);
    expect(Date.now() - started).toBeLessThan(1_800);
    expect(errors.some((error) => ModelCallTimeoutError.isInstance(error) && error.phase === 'idle')).toBe(
      true,
    );
    expect(fake.requests).toHaveLength(1);
  });
});

describe('call policy: a slow reader', () => {
  it('does not fail a stream its reader pauses on: only a read the model leaves unanswered', async () => {
    await using fake = await startFakeOpenAI({ apiKey: KEY });
    fake.enqueueTurn({ text: 'one two three four five six' });
    const { model } = setup({
      registry: { openai: { apiKey: KEY, baseURL: fake.baseURL, api: 'chat' } },
      policy: { idleTimeoutMs: 100 },
      models: ['openai/gpt-4o-mini'],
    });
    const { stream } = await model.doStream({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
    });
    const reader = stream.getReader();
    const types: string[] = [];
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      types.push(next.value.type);
      // The answer is all sent: the pause is this reader's, three idle limits long.
      if (types.length === 2) await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(types).not.toContain('error');
    expect(types.at(-1)).toBe('finish');
    expect(types.filter((type) => type === 'text-delta').length).toBeGreaterThan(1);
  });
});

describe('call policy: fallbacks', () => {
  it('falls back to the next model after exhausting retries', async () => {
    await using openai = await startFakeOpenAI({ apiKey: KEY });
    await using anthropic = await startFakeAnthropic({ apiKey: KEY });
    openai.enqueue({ status: 500 }, { status: 502 }, { status: 503 });
    anthropic.enqueueTurn({ text: 'Claude answers instead.' });
    const { model, attempts, events } = setup({
      registry: {
        openai: { apiKey: KEY, baseURL: openai.baseURL, api: 'chat' },
        anthropic: { apiKey: KEY, baseURL: anthropic.baseURL },
      },
      models: ['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5'],
    });
    const result = streamText({ model, prompt: 'anyone?', maxRetries: 0 });
    expect(await result.text).toBe('Claude answers instead.');
    expect(openai.requests).toHaveLength(3);
    expect(anthropic.requests).toHaveLength(1);
    expect(attempts.map((attempt) => `${attempt.attempt}:${attempt.modelId}:${attempt.outcome}`)).toEqual([
      '1:openai/gpt-4o-mini:failed',
      '2:openai/gpt-4o-mini:failed',
      '3:openai/gpt-4o-mini:failed',
      '4:anthropic/claude-haiku-4-5:succeeded',
    ]);
    expect(events.map((event) => (event.type === 'status' ? `${event.attempt}:${event.model}` : ''))).toEqual(
      ['2:openai/gpt-4o-mini', '3:openai/gpt-4o-mini', '4:anthropic/claude-haiku-4-5'],
    );
    expect(events.at(-1)?.content).toContain('Falling back to anthropic/claude-haiku-4-5');
    const step = (await result.steps)[0];
    expect(readCallMetadata(step?.providerMetadata)).toMatchObject({
      modelId: 'anthropic/claude-haiku-4-5',
      provider: 'anthropic',
      attempts: 4,
    });
  });

  it('falls back at once on a failure that retrying cannot fix', async () => {
    await using primary = await startFakeOpenAI({ apiKey: KEY });
    await using secondary = await startFakeOpenAI({ apiKey: 'sk-other' });
    primary.enqueue({ status: 404, message: 'The model does not exist' });
    const { model, attempts } = setup({
      registry: {
        openai: { apiKey: KEY, baseURL: primary.baseURL },
        openaiCompatible: { backup: { baseURL: secondary.baseURL, apiKey: 'sk-other' } },
      },
      models: ['openai/gpt-9', 'openai-compatible/backup/llama3.1'],
    });
    const result = await generateText({ model, prompt: 'hello', maxRetries: 0 });
    expect(result.text).toBe('Echo: hello');
    expect(attempts.map((attempt) => attempt.outcome)).toEqual(['failed', 'succeeded']);
    expect(readCallMetadata(result.providerMetadata)?.modelId).toBe('openai-compatible/backup/llama3.1');
  });

  it('stops retrying when the caller aborts', async () => {
    await using fake = await startFakeOpenAI({ apiKey: KEY });
    fake.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const controller = new AbortController();
    const { model } = setup({
      registry: { openai: { apiKey: KEY, baseURL: fake.baseURL, api: 'chat' } },
      policy: { initialDelayMs: 5_000 },
      models: ['openai/gpt-4o-mini'],
    });
    // Abort once the first attempt has failed and the 5 s backoff has begun, however slow the machine.
    let aborted = 0;
    const abortAfterFirst = async () => {
      while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 50));
      aborted = Date.now();
      controller.abort();
    };
    await Promise.all([
      generateText({ model, prompt: 'x', maxRetries: 0, abortSignal: controller.signal }).catch(() => {}),
      abortAfterFirst(),
    ]);
    expect(Date.now() - aborted).toBeLessThan(1_000);
    expect(fake.requests).toHaveLength(1);
  });
});
