import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createOpenAI } from '@ai-sdk/openai';
import { streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import {
  FAKE_NAMES,
  parseServeArgs,
  startFakeByName,
  startFakeHttpApi,
  startFakeOpenAI,
  startFakeSuna,
} from '../src/fakes/index.ts';

const chatBody = (stream: boolean) =>
  JSON.stringify({
    model: 'gpt-4o-mini',
    stream,
    messages: [{ role: 'user', content: 'hello there friend' }],
  });
const postChat = (baseURL: string, stream: boolean) =>
  fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: chatBody(stream),
  });

describe('scripted replies', () => {
  it('delays, then answers normally', async () => {
    await using fake = await startFakeHttpApi();
    fake.enqueue({ delayMs: 80 });
    const started = Date.now();
    const response = await fetch(`${fake.url}/slow`);
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    expect(fake.pendingReplies()).toBe(0);
  });

  it('applies replies only to matching requests, in order', async () => {
    await using fake = await startFakeHttpApi();
    fake.enqueue(
      { match: { method: 'POST', path: /^\/jobs/ }, status: 503, headers: { 'x-why': 'maintenance' } },
      { match: (req) => req.query.mode === 'teapot', status: 418, body: { short: true } },
    );
    expect((await fetch(`${fake.url}/jobs`)).status).toBe(200);
    const teapot = await fetch(`${fake.url}/x?mode=teapot`);
    expect(teapot.status).toBe(418);
    expect(await teapot.json()).toEqual({ short: true });
    const busy = await fetch(`${fake.url}/jobs/1`, { method: 'POST' });
    expect(busy.status).toBe(503);
    expect(busy.headers.get('x-why')).toBe('maintenance');
    expect(fake.pendingReplies()).toBe(0);
  });

  it('drops a connection before responding', async () => {
    await using fake = await startFakeOpenAI();
    fake.enqueue({ drop: 'before-response' });
    await expect(postChat(fake.baseURL, false)).rejects.toThrow();
    expect((await postChat(fake.baseURL, false)).status).toBe(200);
  });

  it('cuts a JSON body and an SSE stream in the middle', async () => {
    await using fake = await startFakeOpenAI();
    fake.enqueue({ drop: 'mid-body', dropAfterWrites: 0 });
    const cutJson = await postChat(fake.baseURL, false);
    await expect(cutJson.text()).rejects.toThrow();
    fake.enqueue({ drop: 'mid-body', dropAfterWrites: 2 });
    const cutStream = await postChat(fake.baseURL, true);
    expect(cutStream.status).toBe(200);
    await expect(cutStream.text()).rejects.toThrow();
  });

  it('makes the AI SDK report a dropped stream', async () => {
    await using fake = await startFakeOpenAI();
    fake.enqueue({ drop: 'mid-body', dropAfterWrites: 2 });
    const openai = createOpenAI({ baseURL: fake.baseURL, apiKey: 'k' });
    const errors: unknown[] = [];
    const result = streamText({
      model: openai.chat('gpt-4o-mini'),
      prompt: 'a b c d e f',
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    try {
      for await (const _ of result.fullStream) {
        // drain
      }
    } catch (error) {
      errors.push(error);
    }
    expect(errors.length).toBeGreaterThan(0);
    expect(String((errors[0] as Error).cause ?? errors[0])).toMatch(/terminated|closed|socket/i);
  });
});

describe('pacing and lifecycle', () => {
  it('honours thinkTimeMs and chunkDelayMs', async () => {
    await using fake = await startFakeOpenAI({ thinkTimeMs: 60, chunkDelayMs: 15 });
    const started = Date.now();
    const text = await (await postChat(fake.baseURL, true)).text();
    expect(text).toContain('[DONE]');
    expect(Date.now() - started).toBeGreaterThanOrEqual(60 + 15 * 5);
  });

  it('waits for requests, resets, and closes idempotently', async () => {
    const fake = await startFakeHttpApi();
    const waiting = fake.waitForRequests(2, { match: { path: '/b' } });
    await fetch(`${fake.url}/a`);
    await fetch(`${fake.url}/b`);
    await fetch(`${fake.url}/b`);
    await waiting;
    fake.enqueue({ status: 500 });
    fake.reset();
    expect(fake.requests).toHaveLength(0);
    expect(fake.pendingReplies()).toBe(0);
    await expect(fake.waitForRequests(1, { timeoutMs: 20 })).rejects.toThrow(/timed out/);
    await Promise.all([fake.close(), fake.close()]);
    await expect(fetch(`${fake.url}/a`)).rejects.toThrow();
  });

  it('closes open streams on dispose', async () => {
    let url = '';
    let stream: Promise<string> | undefined;
    {
      await using fake = await startFakeSuna();
      url = fake.url;
      fake.enqueueRun({ hang: true });
      const form = new FormData();
      form.append('prompt', 'hang');
      const started = (await (
        await fetch(`${fake.url}/v1/agent/start`, { method: 'POST', body: form })
      ).json()) as {
        agent_run_id: string;
      };
      const response = await fetch(`${fake.url}/v1/agent-run/${started.agent_run_id}/stream`);
      stream = response.text().catch(() => 'closed');
    }
    expect(typeof (await stream)).toBe('string');
    await expect(fetch(`${url}/v1/health`)).rejects.toThrow();
  });

  it('starts every fake by name', async () => {
    for (const name of FAKE_NAMES) {
      await using fake = await startFakeByName(name, { zeroThinkTime: true, thinkTimeMs: 1000 });
      expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
  });

  it('zero-think-time mode overrides delays, and the request log can be capped', async () => {
    await using fake = await startFakeByName('openai', {
      zeroThinkTime: true,
      thinkTimeMs: 5000,
      maxRecordedRequests: 2,
    });
    const started = Date.now();
    for (let i = 0; i < 3; i += 1) expect((await postChat(`${fake.url}/v1`, true)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(fake.requests).toHaveLength(2);
  });
});

describe('serve.ts CLI', () => {
  it('parses arguments', () => {
    expect(parseServeArgs(['openai', '--port', '0', '--zero-think-time'])).toEqual({
      name: 'openai',
      options: {
        port: 0,
        apiKey: undefined,
        thinkTimeMs: undefined,
        chunkDelayMs: undefined,
        zeroThinkTime: true,
        maxRecordedRequests: 0,
      },
    });
    expect(() => parseServeArgs(['nope'])).toThrow(/unknown fake/);
    expect(() => parseServeArgs(['suna', '--port', 'abc'])).toThrow(/non-negative/);
  });

  it('runs a fake in its own process and prints its URL as one JSON line', async () => {
    const script = fileURLToPath(new URL('../src/fakes/serve.ts', import.meta.url));
    const child = spawn(process.execPath, [script, 'openai', '--port', '0', '--zero-think-time'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const lines = createInterface({ input: child.stdout });
      const [line] = (await once(lines, 'line')) as [string];
      const info = JSON.parse(line) as { name: string; url: string; pid: number };
      expect(info).toMatchObject({
        name: 'openai',
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      });
      const models = await fetch(`${info.url}/v1/models`);
      expect(models.status).toBe(200);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
