import type { RunEventDraft } from '@renum/contracts';
import { type FakeSuna, startFakeSuna } from '@renum/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSunaClient,
  createSunaExecutor,
  decodeSunaField,
  type ExecutorStartInput,
  type StepUsage,
  type SunaLinks,
} from '../src/index.ts';

const KEY = 'pk_renum:sk_renum';
let fake: FakeSuna | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function memoryLinks(): SunaLinks & { threads: Map<string, string>; agents: Map<string, string> } {
  const threads = new Map<string, string>();
  const agents = new Map<string, string>();
  return {
    threads,
    agents,
    findThread: async (scope) => threads.get(String(scope.conversationId)) ?? null,
    saveThread: async (scope, id) => void threads.set(String(scope.conversationId), id),
    findAgent: async (scope) => agents.get(String(scope.subAgentId ?? scope.agentId)) ?? null,
    saveAgent: async (scope, id) => void agents.set(String(scope.subAgentId ?? scope.agentId), id),
  };
}

function input(text: string, steps: StepUsage[] = []): ExecutorStartInput {
  return {
    runId: '00000000-0000-4000-8000-000000000001',
    messages: [
      { role: 'system', content: 'You answer briefly.' },
      { role: 'user', content: text },
    ],
    model: 'openai/gpt-4o-mini',
    tools: [],
    maxSteps: 4,
    metadata: {
      clientId: '00000000-0000-4000-8000-0000000000c1',
      agentId: '00000000-0000-4000-8000-0000000000a1',
      conversationId: '00000000-0000-4000-8000-0000000000f1',
      runId: '00000000-0000-4000-8000-000000000001',
    },
    onStep: (step) => steps.push(step),
  };
}

async function executor(options: Parameters<typeof startFakeSuna>[0] = {}, extra = {}) {
  fake = await startFakeSuna({ apiKey: KEY, threadReadsRequireJwt: true, ...options });
  const client = createSunaClient({ baseUrl: fake.url, apiKey: KEY, jwt: KEY, retryDelayMs: 1 });
  const links = memoryLinks();
  return { suna: createSunaExecutor({ client, links, pollIntervalMs: 5, ...extra }), links, fake };
}

async function collect(events: AsyncIterable<RunEventDraft>): Promise<RunEventDraft[]> {
  const drafts: RunEventDraft[] = [];
  for await (const draft of events) drafts.push(draft);
  return drafts;
}

describe('suna executor against the Suna fake (era C)', () => {
  it('runs a turn with text, a tool call and usage, and continues the thread on the next turn', async () => {
    const { suna, links, fake } = await executor({
      runs: [
        {
          toolCalls: [{ name: 'web_search', arguments: { query: 'renum' }, output: { results: 2 } }],
          text: 'Found it.',
        },
        { text: 'Second answer.' },
      ],
    });
    const steps: StepUsage[] = [];
    const execution = await suna.start(input('Search renum', steps));
    const drafts = await collect(execution.events);
    const types = drafts.map((draft) => draft.type);
    expect(types[0]).toBe('status');
    expect(types).toContain('tool_call');
    expect(types.indexOf('tool_call')).toBeLessThan(types.indexOf('tool_result'));
    const call = drafts.find((draft) => draft.type === 'tool_call');
    expect(call).toMatchObject({ tool: 'web_search', params: { query: 'renum' } });
    const result = drafts.find((draft) => draft.type === 'tool_result');
    expect(result).toMatchObject({ tool: 'web_search', result: { results: 2 }, is_error: false });
    const text = drafts.flatMap((draft) => (draft.type === 'content' ? [draft.content] : [])).join('');
    expect(text).toBe('Found it.');
    const final = drafts.at(-1);
    expect(final?.type).toBe('complete');
    expect(steps).toHaveLength(2); // one llm_response_end per LLM turn
    expect(steps[0]).toMatchObject({
      provider: 'openai',
      modelName: 'gpt-4o-mini',
      executor: 'suna',
      priced: true,
    });
    expect(steps[0]?.costUsd).toBeGreaterThan(0);
    const state = await execution.finished;
    expect(state.status).toBe('completed');
    expect(state.usage.totalTokens).toBe(steps.reduce((sum, step) => sum + step.totalTokens, 0));
    if (final?.type === 'complete') expect(final.usage.total_tokens).toBe(state.usage.totalTokens);
    // The agent was created, then updated with the prompt (version 1 ignores it); the start was multipart.
    const agent = [...fake.agents.values()][0];
    expect(agent?.system_prompt).toBe('You answer briefly.');
    const start = fake.requests.find((request) => request.path === '/v1/agent/start');
    expect(start?.headers['content-type']).toMatch(/multipart\/form-data/);
    // A second turn continues the same thread.
    const second = await suna.start(input('And again'));
    await collect(second.events);
    expect(fake.threads.size).toBe(1);
    expect(links.threads.size).toBe(1);
    const thread = [...fake.threads.values()][0];
    expect(thread?.runIds).toHaveLength(2);
  });

  it('resumes a dropped stream with last_id and delivers every event once', async () => {
    const { suna, fake } = await executor({
      runs: [{ text: 'one two three four five six', dropStreamAfter: 4 }],
    });
    const execution = await suna.start(input('hi'));
    const drafts = await collect(execution.events);
    const text = drafts.flatMap((draft) => (draft.type === 'content' ? [draft.content] : [])).join('');
    expect(text).toBe('one two three four five six');
    expect(drafts.at(-1)?.type).toBe('complete');
    const streams = fake.requests.filter((request) => request.path.endsWith('/stream'));
    expect(streams).toHaveLength(2);
    expect(streams[0]?.query.last_id).toBeUndefined();
    expect(streams[1]?.query.last_id).toMatch(/-3$/); // the 4th event's id
  });

  it('reconciles from the thread (with the JWT) when the stream is lost for good', async () => {
    const { suna, fake } = await executor(
      { runs: [{ text: 'alpha beta gamma delta', dropStreamAfter: 3, eventDelayMs: 2 }] },
      { streamReconnects: 0 },
    );
    const execution = await suna.start(input('hi'));
    const drafts = await collect(execution.events);
    const text = drafts.flatMap((draft) => (draft.type === 'content' ? [draft.content] : [])).join('');
    expect(text).toBe('alpha beta gamma delta');
    expect(drafts.at(-1)?.type).toBe('complete');
    const read = fake.requests.find((request) => request.path.includes('/messages'));
    expect(read?.query).toMatchObject({ optimized: 'false' });
    expect(read?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect((await execution.finished).steps).toHaveLength(1); // the usage row came from the thread
  });

  it('stops a run whose terminal event never arrives by polling the run', async () => {
    const { suna, fake } = await executor({
      runs: [{ text: 'partial', hang: true }],
      terminalEventOnStop: false,
    });
    const execution = await suna.start(input('hi'));
    const seen: RunEventDraft[] = [];
    const reading = (async () => {
      for await (const draft of execution.events) seen.push(draft);
    })();
    await fake.waitForRequests(1, { match: (request) => request.path.endsWith('/stream') });
    await execution.stop();
    await reading;
    expect(seen.at(-1)).toMatchObject({ type: 'status', status: 'stopped' });
    expect(fake.requests.some((request) => request.path.endsWith('/stop'))).toBe(true);
    expect(fake.requests.some((request) => /\/v1\/agent-run\/[^/]+$/.test(request.path))).toBe(true);
    expect([...fake.runs.values()][0]?.status).toBe('stopped');
    expect((await execution.finished).status).toBe('stopped');
  });

  it("maps a 402 to EXECUTOR_LIMIT naming Suna's code", async () => {
    const { suna } = await executor({ maxConcurrentRuns: 0 });
    const execution = await suna.start(input('hi'));
    const drafts = await collect(execution.events);
    expect(drafts.at(-1)).toMatchObject({ type: 'error', code: 'EXECUTOR_LIMIT', retryable: false });
    expect(drafts.at(-1)?.type === 'error' && drafts.at(-1)).toMatchObject({
      error: expect.stringContaining('AGENT_RUN_LIMIT_EXCEEDED'),
    });
  });

  it('maps a stream that dies with "Worker timeout" to EXECUTOR_TIMEOUT', async () => {
    const worker = { type: 'error', error: 'Worker timeout' };
    const chunk = {
      type: 'assistant',
      content: JSON.stringify({ role: 'assistant', content: 'Hal' }),
      metadata: '{"stream_status":"chunk"}',
    };
    const { suna } = await executor({ runs: [{ events: [chunk, worker], hang: true, dropStreamAfter: 4 }] });
    const execution = await suna.start(input('hi'));
    const drafts = await collect(execution.events);
    expect(drafts.at(-1)).toMatchObject({ type: 'error', code: 'EXECUTOR_TIMEOUT', retryable: true });
    expect((await execution.finished).text).toBe('Hal');
  });

  it('refuses nothing when Suna refuses the key: EXECUTOR_UNAVAILABLE, not retryable', async () => {
    fake = await startFakeSuna({ apiKey: KEY });
    const client = createSunaClient({ baseUrl: fake.url, apiKey: 'pk_wrong:sk_wrong', retryDelayMs: 1 });
    const execution = await createSunaExecutor({ client }).start(input('hi'));
    const drafts = await collect(execution.events);
    expect(drafts.at(-1)).toMatchObject({ type: 'error', code: 'EXECUTOR_UNAVAILABLE', retryable: false });
  });

  it('parses double-encoded content, including a string that itself holds JSON', async () => {
    const inner = '{"not":"parsed"}';
    const chunk = {
      type: 'assistant',
      content: JSON.stringify({ role: 'assistant', content: inner }),
      metadata: JSON.stringify({ stream_status: 'chunk' }),
    };
    const { suna } = await executor({ runs: [{ events: [chunk] }] });
    const drafts = await collect((await suna.start(input('hi'))).events);
    const text = drafts.flatMap((draft) => (draft.type === 'content' ? [draft.content] : [])).join('');
    expect(text).toBe(inner);
    expect(decodeSunaField('{"a":1}')).toEqual({ a: 1 });
    expect(decodeSunaField('plain')).toBe('plain');
    expect(decodeSunaField({ a: 1 })).toEqual({ a: 1 });
  });
});
