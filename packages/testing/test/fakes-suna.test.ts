import { describe, expect, it } from 'vitest';
import { type FakeSuna, startFakeSuna } from '../src/fakes/index.ts';

const KEY = 'pk_test:sk_test';
const auth = { 'x-api-key': KEY };

type Event = Record<string, unknown> & { type: string; _event_id?: string };

interface StartAnswer {
  thread_id: string;
  agent_run_id: string;
  project_id: string;
  sandbox_id: string | null;
  status: string;
}

async function startRun(fake: FakeSuna, fields: Record<string, string>): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return fetch(`${fake.url}/v1/agent/start`, { method: 'POST', headers: auth, body: form });
}

/** Reads `data:` events until the stream closes or `until` returns true (then aborts). */
async function readEvents(url: string, until?: (event: Event) => boolean): Promise<Event[]> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: auth, signal: controller.signal });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: Event[] = [];
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return events;
    buffer += value;
    const frames = buffer.split('\n\n');
    buffer = frames.pop() ?? '';
    for (const frame of frames) {
      expect(frame.startsWith('data: ')).toBe(true);
      const event = JSON.parse(frame.slice(6)) as Event;
      events.push(event);
      if (until?.(event)) {
        controller.abort();
        return events;
      }
    }
  }
}

const parsed = (event: Event | undefined, field: 'content' | 'metadata') =>
  JSON.parse(String(event?.[field])) as Record<string, unknown>;

describe('fake Suna', () => {
  it('starts a run from a multipart form and streams it to completion', async () => {
    await using fake = await startFakeSuna({ apiKey: KEY });
    const response = await startRun(fake, { prompt: 'Summarise the news', agent_id: 'agent-1' });
    expect(response.status).toBe(200);
    const started = (await response.json()) as StartAnswer;
    expect(started).toMatchObject({ status: 'running', sandbox_id: null });
    expect(started.thread_id).toMatch(/^[0-9a-f-]{36}$/);

    const events = await readEvents(`${fake.url}/v1/agent-run/${started.agent_run_id}/stream`);
    expect(events.every((event) => typeof event._event_id === 'string')).toBe(true);
    const chunks = events.filter(
      (e) => e.type === 'assistant' && parsed(e, 'metadata').stream_status === 'chunk',
    );
    expect(chunks.map((e) => parsed(e, 'content').content).join('')).toBe('Echo: Summarise the news');
    const complete = events.find(
      (e) => e.type === 'assistant' && parsed(e, 'metadata').stream_status === 'complete',
    );
    expect(parsed(complete, 'metadata').text_content).toBe('Echo: Summarise the news');
    expect(complete?.message_id).toEqual(expect.any(String));
    expect(events.at(-1)).toMatchObject({ type: 'status', status: 'completed' });

    const run = await (
      await fetch(`${fake.url}/v1/agent-run/${started.agent_run_id}`, { headers: auth })
    ).json();
    expect(run).toMatchObject({
      id: started.agent_run_id,
      threadId: started.thread_id,
      status: 'completed',
      error: null,
    });
    const status = await fetch(`${fake.url}/v1/agent-runs/${started.agent_run_id}/status`, { headers: auth });
    expect(await status.json()).toEqual({ status: 'completed', error: null });
    expect(fake.runs.get(started.agent_run_id)?.agentId).toBe('agent-1');
    expect(fake.requests[0]?.body).toMatchObject({ prompt: 'Summarise the news', agent_id: 'agent-1' });
  });

  it('streams scripted tool calls and persists thread messages', async () => {
    await using fake = await startFakeSuna({ apiKey: KEY });
    fake.enqueueRun({
      toolCalls: [{ name: 'web_search', arguments: { query: 'renum' }, output: { hits: 3 } }],
      text: 'Found 3.',
    });
    const started = (await (await startRun(fake, { prompt: 'search renum' })).json()) as StartAnswer;
    const events = await readEvents(`${fake.url}/v1/agent-run/${started.agent_run_id}/stream`);
    const toolChunk = events.find(
      (e) => e.type === 'assistant' && parsed(e, 'metadata').stream_status === 'tool_call_chunk',
    );
    expect(parsed(toolChunk, 'metadata').tool_calls).toEqual([
      expect.objectContaining({ function_name: 'web_search', arguments_delta: '{"query":"renum"}' }),
    ]);
    const tool = events.find((e) => e.type === 'tool');
    expect(parsed(tool, 'metadata')).toMatchObject({
      result: { success: true, output: { hits: 3 } },
      function_name: 'web_search',
    });
    const statuses = events.filter((e) => e.type === 'status' && typeof e.content === 'string');
    expect(statuses.map((e) => parsed(e, 'content').status_type)).toEqual([
      'thread_run_start',
      'tool_started',
      'tool_completed',
      'finish',
    ]);

    const list = (path: string) =>
      fetch(`${fake.url}/v1/threads/${started.thread_id}/messages${path}`, { headers: auth });
    const optimized = (await (await list('?order=asc')).json()) as { messages: Record<string, unknown>[] };
    expect(optimized.messages.map((m) => m.type)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(optimized.messages[1]?.content).toBeUndefined();
    const full = (await (await list('?optimized=false')).json()) as { messages: Record<string, unknown>[] };
    const usage = full.messages.find((m) => m.type === 'llm_response_end')?.content as {
      usage: Record<string, number>;
    };
    expect(usage.usage.total_tokens).toBeGreaterThan(0);
  });

  it('resumes a stream after last_id and continues a thread', async () => {
    await using fake = await startFakeSuna({ apiKey: KEY });
    const first = (await (await startRun(fake, { prompt: 'one' })).json()) as StartAnswer;
    const all = await readEvents(`${fake.url}/v1/agent-run/${first.agent_run_id}/stream`);
    const pivot = all[3]?._event_id;
    const rest = await readEvents(`${fake.url}/v1/agent-run/${first.agent_run_id}/stream?last_id=${pivot}`);
    expect(rest).toEqual(all.slice(4));

    const second = (await (
      await startRun(fake, { prompt: 'two', thread_id: first.thread_id })
    ).json()) as StartAnswer;
    expect(second.thread_id).toBe(first.thread_id);
    expect(second.agent_run_id).not.toBe(first.agent_run_id);
    await readEvents(`${fake.url}/v1/agent-run/${second.agent_run_id}/stream`);
    const runs = (await (
      await fetch(`${fake.url}/v1/thread/${first.thread_id}/agent-runs`, { headers: auth })
    ).json()) as {
      agent_runs: { id: string }[];
    };
    expect(runs.agent_runs.map((r) => r.id)).toEqual([second.agent_run_id, first.agent_run_id]);
  });

  it('stops a running run and ends its stream', async () => {
    await using fake = await startFakeSuna({ apiKey: KEY, pingIntervalMs: 20 });
    fake.enqueueRun({ text: 'working on it', hang: true });
    const started = (await (await startRun(fake, { prompt: 'long task' })).json()) as StartAnswer;
    const streamUrl = `${fake.url}/v1/agent-run/${started.agent_run_id}/stream?token=${encodeURIComponent(KEY)}`;
    const streamed = readEvents(streamUrl);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const active = (await (await fetch(`${fake.url}/v1/agent-runs/active`, { headers: auth })).json()) as {
      active_runs: { id: string }[];
    };
    expect(active.active_runs.map((r) => r.id)).toEqual([started.agent_run_id]);
    const stop = await fetch(`${fake.url}/v1/agent-run/${started.agent_run_id}/stop`, {
      method: 'POST',
      headers: auth,
    });
    expect(await stop.json()).toEqual({ status: 'stopped' });
    const events = await streamed;
    expect(events.some((e) => e.type === 'ping')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'status', status: 'stopped' });
    expect(fake.runs.get(started.agent_run_id)?.status).toBe('stopped');
  });

  it('can stop without a terminal event, so clients must poll', async () => {
    await using fake = await startFakeSuna({ apiKey: KEY, terminalEventOnStop: false });
    fake.enqueueRun({ hang: true });
    const started = (await (await startRun(fake, { prompt: 'x' })).json()) as StartAnswer;
    await fetch(`${fake.url}/v1/agent-run/${started.agent_run_id}/stop`, { method: 'POST', headers: auth });
    const status = await fetch(`${fake.url}/v1/agent-runs/${started.agent_run_id}/status`, { headers: auth });
    expect(await status.json()).toEqual({ status: 'stopped', error: null });
    const events = await readEvents(`${fake.url}/v1/agent-run/${started.agent_run_id}/stream`);
    expect(events.filter((e) => e.type === 'status' && e.status === 'stopped')).toHaveLength(0);
    expect(events.at(-1)).toMatchObject({ type: 'status', status: 'completed' });
  });

  it('fails a scripted run', async () => {
    await using fake = await startFakeSuna();
    fake.enqueueRun({ fail: 'sandbox crashed' });
    const started = (await (await startRun(fake, { prompt: 'x' })).json()) as StartAnswer;
    const events = await readEvents(`${fake.url}/v1/agent-run/${started.agent_run_id}/stream`);
    expect(events.at(-2)).toMatchObject({ type: 'error', error: 'sandbox crashed' });
    expect(events.at(-1)).toMatchObject({ type: 'status', status: 'failed' });
    const run = await (await fetch(`${fake.url}/v1/agent-run/${started.agent_run_id}`)).json();
    expect(run).toMatchObject({ status: 'failed', error: 'sandbox crashed' });
  });

  it('answers FastAPI-shaped errors', async () => {
    await using fake = await startFakeSuna({ apiKey: KEY, maxConcurrentRuns: 1 });
    const wrong = await fetch(`${fake.url}/v1/agent-runs/active`, { headers: { 'x-api-key': 'pk_x:sk_y' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ detail: 'Invalid API key' });
    const json = await fetch(`${fake.url}/v1/agent/start`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'json is not accepted' }),
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { detail: string }).detail).toContain('prompt');
    const missing = await startRun(fake, { prompt: 'x', thread_id: '00000000-0000-4000-a000-000000000000' });
    expect(missing.status).toBe(404);
    expect((await fetch(`${fake.url}/v1/agent-run/nope`, { headers: auth })).status).toBe(404);
    fake.enqueueRun({ hang: true });
    expect((await startRun(fake, { prompt: 'first' })).status).toBe(200);
    const limited = await startRun(fake, { prompt: 'second' });
    expect(limited.status).toBe(402);
    expect(await limited.json()).toMatchObject({
      detail: { error_code: 'AGENT_RUN_LIMIT_EXCEEDED', limit: 1 },
    });
    fake.enqueue({ status: 402, match: { path: '/v1/agent/start' } });
    expect(await (await startRun(fake, { prompt: 'x' })).json()).toMatchObject({
      detail: { error_code: 'INSUFFICIENT_CREDITS' },
    });
    expect(await (await fetch(`${fake.url}/v1/health`)).json()).toMatchObject({ status: 'ok' });
  });
});
