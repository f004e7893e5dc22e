import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childProcessEnvironment } from '@renum/config';
import { readSseFrames, type SseFrame } from '@renum/sdk';
import { afterAll, describe, expect, it } from 'vitest';

const mainPath = fileURLToPath(new URL('../src/main.ts', import.meta.url));

interface RunningServer {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/** Starts the real entry point on `dataDir` and waits for its "listening" log line. */
function startServer(dataDir: string): Promise<RunningServer> {
  const env = childProcessEnvironment({
    RENUM_DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'info',
    RENUM_SEED_DEMO: 'false',
    REDIS_URL: undefined,
    // An answer of the offline model takes seconds; the grace period is much shorter.
    RENUM_OFFLINE_CHUNK_DELAY_MS: '250',
    RENUM_SHUTDOWN_GRACE_MS: '300',
  });
  const child = spawn(process.execPath, [mainPath], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/"url":"(http:\/\/[^"]+)","msg":"listening"/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1], exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

// biome-ignore lint/suspicious/noExplicitAny: test reads loosely-typed JSON answers
async function json(url: string, init: RequestInit = {}): Promise<any> {
  const response = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
  expect(response.status, `${init.method ?? 'GET'} ${url}`).toBeLessThan(300);
  return response.json();
}

/** Reads frames until `until` matches one, or to the end; without cancelling the body on the way. */
async function collect(frames: AsyncIterator<SseFrame>, until?: (frame: SseFrame) => boolean) {
  const seen: SseFrame[] = [];
  while (true) {
    const next = await frames.next();
    if (next.done) return seen;
    seen.push(next.value);
    if (until?.(next.value)) return seen;
  }
}

describe('stopping the server while an answer streams', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'renum-shutdown-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('ends the stream with an INTERRUPTED error event, stored with the next seq, then exits cleanly', async () => {
    const first = await startServer(dataDir);
    const session = await json(`${first.url}/v1/auth/signup`, {
      method: 'POST',
      body: JSON.stringify({
        email: 'owner@example.com',
        password: 'a-long-password',
        name: 'Owner',
        client_name: 'Acme',
      }),
    });
    const auth = { authorization: `Bearer ${session.access_token}` };
    const agent = await json(`${first.url}/v1/agents`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'Slow', system_prompt: 'x', model: 'offline/renum' }),
    });
    const conversation = await json(`${first.url}/v1/agents/${agent.id}/conversations`, {
      method: 'POST',
      headers: auth,
      body: '{}',
    });
    const response = await fetch(`${first.url}/v1/conversations/${conversation.id}/messages`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ content: 'Explique com calma como funciona a fatura deste mês e os juros' }),
    });
    expect(response.status).toBe(200);
    const frames = readSseFrames(response.body!);
    const before = await collect(frames, (frame) => frame.event === 'content');

    first.child.kill('SIGTERM');
    // A reset connection would make reading throw here; the stream must end normally.
    const after = await collect(frames);
    expect(await first.exited).toBe(0);

    const events = [...before, ...after].filter((frame) => frame.data);
    const last = events.at(-1)!;
    expect(last.event).toBe('error');
    const interrupted = JSON.parse(last.data);
    expect(interrupted).toMatchObject({ type: 'error', code: 'INTERRUPTED', retryable: true });
    // The run's own next event: numbered after the last one, with its SSE id.
    expect(interrupted.seq).toBe(JSON.parse(events.at(-2)!.data).seq + 1);
    expect(last.id).toBe(String(interrupted.seq));

    // After a restart the run is settled INTERRUPTED and a replay ends with the same stored event.
    const again = await startServer(dataDir);
    try {
      const login = await json(`${again.url}/v1/auth/login`, {
        method: 'POST',
        body: JSON.stringify({ email: 'owner@example.com', password: 'a-long-password' }),
      });
      const authAgain = { authorization: `Bearer ${login.access_token}` };
      const run = await json(`${again.url}/v1/runs/${interrupted.run_id}`, { headers: authAgain });
      expect(run).toMatchObject({ status: 'failed', error_code: 'INTERRUPTED' });
      const replay = await fetch(`${again.url}/v1/runs/${interrupted.run_id}/events`, {
        headers: { ...authAgain, accept: 'text/event-stream' },
      });
      const replayed = (await collect(readSseFrames(replay.body!))).filter((frame) => frame.data);
      expect(JSON.parse(replayed.at(-1)!.data)).toEqual(interrupted);
    } finally {
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    }
  }, 120_000);
});
