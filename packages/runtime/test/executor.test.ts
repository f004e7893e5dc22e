import { type RunEventDraft, runEventDraftSchema } from '@renum/contracts';
import { startFakeOpenAI } from '@renum/testing';
import type { ModelMessage } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createBuiltinExecutor,
  createBuiltinTools,
  createCallPolicy,
  createModelRegistry,
  defineTool,
  type ExecutorStartInput,
  type ModelRegistryOptions,
  priceOf,
  type RunExecution,
  type StepUsage,
} from '../src/index.ts';

const KEY = 'sk-executor-test';
const now = () => new Date('2025-03-01T12:34:56Z');

function prompt(text: string): ModelMessage[] {
  return [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: text },
  ];
}

async function start(options: {
  registry?: ModelRegistryOptions;
  input: Partial<ExecutorStartInput> & { messages: ModelMessage[] };
}): Promise<RunExecution> {
  const executor = createBuiltinExecutor({
    registry: createModelRegistry(options.registry ?? {}),
    callPolicy: createCallPolicy({ initialDelayMs: 5, jitter: 0, timeoutMs: 2_000 }),
  });
  return executor.start({ runId: 'run-1', model: 'offline/renum', tools: [], maxSteps: 4, ...options.input });
}

async function collect(execution: RunExecution): Promise<RunEventDraft[]> {
  const events: RunEventDraft[] = [];
  for await (const event of execution.events) {
    expect(runEventDraftSchema.safeParse(event).success, JSON.stringify(event)).toBe(true);
    events.push(event);
  }
  return events;
}

/** Reads every event, stopping the run at its first content; answers the events and how long stop() took. */
async function stopAtFirstContent(
  execution: RunExecution,
): Promise<{ events: RunEventDraft[]; stoppedIn: number }> {
  const events: RunEventDraft[] = [];
  let stoppedIn = -1;
  for await (const event of execution.events) {
    events.push(event);
    if (event.type === 'content' && stoppedIn < 0) {
      const started = Date.now();
      await execution.stop();
      stoppedIn = Date.now() - started;
    }
  }
  return { events, stoppedIn };
}

function textOf(events: RunEventDraft[]): string {
  return events.map((event) => (event.type === 'content' ? event.content : '')).join('');
}

describe('built-in executor with the offline model', () => {
  it('streams content deltas that concatenate to the answer, then completes', async () => {
    const execution = await start({ input: { messages: prompt('Hello, who are you?') } });
    const events = await collect(execution);
    expect(events[0]).toMatchObject({ type: 'status', status: 'running' });
    const contents = events.filter((event) => event.type === 'content');
    expect(contents.length).toBeGreaterThan(3);
    const complete = events.at(-1);
    expect(complete?.type).toBe('complete');
    const answer = textOf(events);
    expect(answer).toContain("I am Renum's offline model");
    expect(complete).toMatchObject({ content: answer, message_id: null });
    const state = execution.state();
    expect(state).toMatchObject({ status: 'completed', text: answer, attempts: 1, error: null });
    expect(state.usage.inputTokens).toBeGreaterThan(0);
    expect(state.usage.outputTokens).toBeGreaterThan(0);
  });

  it('runs the calculator: tool_call, tool_result, content, complete with usage summed over steps', async () => {
    const steps: StepUsage[] = [];
    const execution = await start({
      input: {
        messages: prompt('Calcule (12 + 8) * 2,5 por favor'),
        tools: createBuiltinTools({ now }),
        onStep: (step) => steps.push(step),
      },
    });
    const events = await collect(execution);
    const kinds = events.map((event) => event.type).filter((type, index, all) => type !== all[index - 1]);
    expect(kinds).toEqual(['status', 'tool_call', 'tool_result', 'content', 'complete']);
    const call = events.find((event) => event.type === 'tool_call');
    const result = events.find((event) => event.type === 'tool_result');
    expect(call).toMatchObject({ tool: 'calculator', params: { expression: '(12 + 8) * 2.5' } });
    expect(result).toMatchObject({
      tool: 'calculator',
      tool_call_id: call?.type === 'tool_call' ? call.tool_call_id : '',
      result: { expression: '(12 + 8) * 2.5', result: 50 },
      is_error: false,
      attempts: 1,
    });
    expect(result?.type === 'tool_result' && result.duration_ms).toBeGreaterThanOrEqual(0);
    expect(textOf(events)).toBe('O resultado de (12 + 8) * 2.5 é 50.');
    expect(steps).toHaveLength(2);
    expect(steps[0]).toMatchObject({
      stepNumber: 0,
      provider: 'offline',
      modelId: 'offline/renum',
      apiKeyType: 'platform',
      finishReason: 'tool-calls',
      priced: true,
      costUsd: 0,
      attempts: 1,
    });
    const complete = events.at(-1);
    expect(complete).toMatchObject({
      type: 'complete',
      usage: {
        input_tokens: (steps[0]?.inputTokens ?? 0) + (steps[1]?.inputTokens ?? 0),
        output_tokens: (steps[0]?.outputTokens ?? 0) + (steps[1]?.outputTokens ?? 0),
        cost_usd: 0,
      },
    });
    expect(execution.state().steps).toEqual(steps);
  });

  it('reports a throwing tool as is_error and lets the model answer from the message', async () => {
    const failing = defineTool({
      name: 'calculator',
      description: 'Evaluates arithmetic',
      inputSchema: z.object({ expression: z.string() }),
      execute: () => {
        throw new Error('calculator is down for maintenance');
      },
    });
    const execution = await start({
      input: { messages: prompt('Calculate 2 + 2 please'), tools: [failing] },
    });
    const events = await collect(execution);
    const result = events.find((event) => event.type === 'tool_result');
    expect(result).toMatchObject({
      is_error: true,
      result: { error: 'calculator is down for maintenance' },
    });
    expect(result?.content).toContain('calculator is down for maintenance');
    expect(textOf(events)).toBe('The tool calculator failed: calculator is down for maintenance');
    expect(events.at(-1)?.type).toBe('complete');
  });

  it('stops mid-stream within a second, ending with status stopped', async () => {
    const execution = await start({
      registry: { offline: { chunkDelayMs: 150, wordsPerChunk: 1 } },
      input: { messages: prompt('Tell me everything about the platform and its agents') },
    });
    const { events, stoppedIn } = await stopAtFirstContent(execution);
    expect(stoppedIn).toBeGreaterThanOrEqual(0);
    expect(stoppedIn).toBeLessThan(1_000);
    expect(events.at(-1)).toEqual({
      type: 'status',
      status: 'stopped',
      content: 'Run stopped',
      content_code: 'run.stopped',
    });
    expect(events.filter((event) => event.type === 'complete')).toHaveLength(0);
    expect(execution.state().status).toBe('stopped');
  });

  it('ends with MODEL_NOT_CONFIGURED when the provider has no key', async () => {
    const execution = await start({ input: { messages: prompt('hi'), model: 'anthropic/claude-haiku-4-5' } });
    const events = await collect(execution);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'MODEL_NOT_CONFIGURED', retryable: false });
    expect(execution.state().error?.code).toBe('MODEL_NOT_CONFIGURED');
    expect((await execution.finished).status).toBe('failed');
  });

  it('stops when the caller aborts the signal it passed', async () => {
    const controller = new AbortController();
    const execution = await start({
      registry: { offline: { chunkDelayMs: 200 } },
      input: { messages: prompt('hello there'), abortSignal: controller.signal },
    });
    setTimeout(() => controller.abort(), 50);
    const events = await collect(execution);
    expect(events.at(-1)).toMatchObject({ type: 'status', status: 'stopped' });
  });
});

describe('built-in executor with a fake OpenAI', () => {
  const registry = (baseURL: string): ModelRegistryOptions => ({ openai: { apiKey: KEY, baseURL } });

  it('prices usage with the table and attributes each step to its model', async () => {
    await using fake = await startFakeOpenAI({ apiKey: KEY });
    fake.enqueueTurn({ text: 'Priced answer.', usage: { inputTokens: 1_200, outputTokens: 300 } });
    const execution = await start({
      registry: registry(fake.baseURL),
      input: { messages: prompt('x'), model: 'gpt-4o-mini' },
    });
    const events = await collect(execution);
    const expected = priceOf({
      provider: 'openai',
      model: 'gpt-4o-mini',
      inputTokens: 1_200,
      outputTokens: 300,
    });
    expect(events.at(-1)).toMatchObject({
      type: 'complete',
      content: 'Priced answer.',
      usage: { input_tokens: 1_200, output_tokens: 300, total_tokens: 1_500, cost_usd: expected.costUsd },
    });
    expect(execution.state().steps[0]).toMatchObject({
      modelId: 'openai/gpt-4o-mini',
      costUsdText: '0.00036000',
    });
  });

  it('asks for a response schema through the API, and completes with an answer that does not fit it', async () => {
    await using fake = await startFakeOpenAI({ apiKey: KEY });
    fake.enqueueTurn({ text: '{"category":"billing"}' });
    fake.enqueueTurn({ text: 'not json at all' });
    const schema = { type: 'object', properties: { category: { type: 'string' } }, required: ['category'] };
    const run = async () =>
      collect(
        await start({
          registry: registry(fake.baseURL),
          input: { messages: prompt('classify'), model: 'gpt-4o-mini', responseSchema: schema },
        }),
      );
    expect((await run()).at(-1)).toMatchObject({ type: 'complete', content: '{"category":"billing"}' });
    // Validating the answer is the caller's: the run itself completes with the text it got.
    expect((await run()).at(-1)).toMatchObject({ type: 'complete', content: 'not json at all' });
    const formats = fake.requests.map(
      (request) => (request.body as { text?: { format?: unknown } }).text?.format,
    );
    expect(formats).toEqual(Array(2).fill({ type: 'json_schema', strict: false, name: 'response', schema }));
  });

  it('stops during the model think time within a second', async () => {
    await using fake = await startFakeOpenAI({ apiKey: KEY, thinkTimeMs: 5_000 });
    const execution = await start({
      registry: registry(fake.baseURL),
      input: { messages: prompt('x'), model: 'gpt-4o-mini' },
    });
    await fake.waitForRequests(1);
    const started = Date.now();
    await execution.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    const events = await collect(execution);
    expect(events.map((event) => event.type)).toEqual(['status', 'status']);
    expect(events.at(-1)).toMatchObject({ status: 'stopped' });
  });

  it('stops mid-stream within a second', async () => {
    await using fake = await startFakeOpenAI({ apiKey: KEY, thinkTimeMs: 50, chunkDelayMs: 300 });
    fake.enqueueTurn({ text: 'a long answer that keeps coming one word at a time for many seconds' });
    const execution = await start({
      registry: registry(fake.baseURL),
      input: { messages: prompt('x'), model: 'gpt-4o-mini' },
    });
    const { events, stoppedIn } = await stopAtFirstContent(execution);
    expect(stoppedIn).toBeLessThan(1_000);
    expect(textOf(events).length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ type: 'status', status: 'stopped' });
  });

  it('shows retries as status events and maps a refused key to MODEL_AUTH_FAILED', async () => {
    await using fake = await startFakeOpenAI({ apiKey: KEY });
    fake.enqueue({ status: 503, retryAfter: 0 });
    const retried = await start({
      registry: registry(fake.baseURL),
      input: { messages: prompt('again'), model: 'gpt-4o-mini' },
    });
    const retriedEvents = await collect(retried);
    expect(retriedEvents.map((event) => (event.type === 'status' ? event.status : event.type))).toEqual([
      'running',
      'retrying',
      'content',
      'content',
      'complete',
    ]);
    expect(retried.state()).toMatchObject({ attempts: 2, steps: [expect.objectContaining({ attempts: 2 })] });

    const refused = await start({
      registry: { openai: { apiKey: 'sk-wrong', baseURL: fake.baseURL } },
      input: { messages: prompt('x'), model: 'gpt-4o-mini' },
    });
    const refusedEvents = await collect(refused);
    expect(refusedEvents.at(-1)).toMatchObject({
      type: 'error',
      code: 'MODEL_AUTH_FAILED',
      retryable: false,
    });
  });

  it('maps a timeout to MODEL_TIMEOUT after its retries', async () => {
    await using fake = await startFakeOpenAI({ apiKey: KEY, thinkTimeMs: 3_000 });
    const executor = createBuiltinExecutor({
      registry: createModelRegistry(registry(fake.baseURL)),
      callPolicy: createCallPolicy({ timeoutMs: 80, maxRetries: 1, initialDelayMs: 5, jitter: 0 }),
    });
    const execution = await executor.start({
      runId: 'run-2',
      messages: prompt('x'),
      model: 'gpt-4o-mini',
      tools: [],
      maxSteps: 2,
    });
    const events = await collect(execution);
    expect(events.filter((event) => event.type === 'status' && event.status === 'retrying')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'MODEL_TIMEOUT', retryable: true });
  });

  it("runs tools from the model with the client's own key", async () => {
    await using fake = await startFakeOpenAI({ apiKey: 'sk-client' });
    fake.enqueueTurn({ toolCalls: [{ name: 'calculator', arguments: { expression: '6 * 7' } }] });
    const execution = await start({
      registry: { openai: { baseURL: fake.baseURL } },
      input: {
        messages: prompt('6 times 7?'),
        model: 'openai/gpt-4o-mini',
        tools: createBuiltinTools({ now }),
        credentials: { clientKey: async () => 'sk-client' },
      },
    });
    const events = await collect(execution);
    expect(events.find((event) => event.type === 'tool_result')).toMatchObject({ result: { result: 42 } });
    expect(textOf(events)).toBe('Tool results: {"expression":"6 * 7","result":42}');
    expect(execution.state().steps.map((step) => step.apiKeyType)).toEqual(['client', 'client']);
  });
});
