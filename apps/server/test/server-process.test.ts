import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const mainPath = fileURLToPath(new URL('../src/main.ts', import.meta.url));

interface RunningServer {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function baseEnvironment(dataDir: string): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, RENUM_SEED_DEMO: _seed, ...rest } = process.env;
  return { ...rest, RENUM_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' };
}

/** Starts the real entry point and waits for its "listening" log line. */
function startServer(env: NodeJS.ProcessEnv): Promise<RunningServer> {
  const child = spawn(process.execPath, [mainPath], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/"url":"(http:\/\/[^"]+)","msg":"listening"/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`server exited with ${code}:\n${output}`), { exitCode: code, output }));
    });
  });
}

function stop(server: RunningServer): Promise<number | null> {
  return new Promise((resolve) => {
    server.child.removeAllListeners('exit');
    server.child.on('exit', (code) => resolve(code));
    server.child.kill('SIGTERM');
  });
}

// biome-ignore lint/suspicious/noExplicitAny: test reads loosely-typed JSON answers
async function json(url: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
  return { status: response.status, body: await response.json() };
}

describe('the server process on an embedded data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'renum-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps data across restarts, seeds the demo once and refuses a second process', async () => {
    const first = await startServer(baseEnvironment(dataDir));
    const credentials = JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8'));
    expect(first.output()).toContain(credentials.owner.password);
    const login = await json(`${first.url}/v1/auth/login`, {
      method: 'POST',
      body: JSON.stringify(credentials.owner),
    });
    expect(login.status).toBe(200);
    const auth = { authorization: `Bearer ${login.body.access_token}` };
    const demoAgents = await json(`${first.url}/v1/agents`, { headers: auth });
    expect(demoAgents.body.data).toHaveLength(2);
    const withSubAgents = demoAgents.body.data.find(
      (agent: { name: string }) => agent.name === 'Atendimento Renum',
    );
    const subAgents = await json(`${first.url}/v1/agents/${withSubAgents.id}/sub-agents`, { headers: auth });
    expect(subAgents.body.data.map((s: { name: string }) => s.name).sort()).toEqual([
      'Cobrança',
      'Suporte Técnico',
    ]);
    // Issue 3's scenario: chat with the demo agent, no keys, and see the switch to "Cobrança".
    const conversation = await json(`${first.url}/v1/agents/${withSubAgents.id}/conversations`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: 'Demo' }),
    });
    const billing = await fetch(`${first.url}/v1/conversations/${conversation.body.id}/messages`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ content: 'Preciso da segunda via do boleto da minha fatura' }),
    });
    const stream = await billing.text();
    expect(stream).toContain('event: agent_switch');
    expect(stream).toContain('"agent":"Cobrança"');
    expect(stream).toContain('event: content');
    expect(stream).toContain('event: complete');
    const created = await json(`${first.url}/v1/agents`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'Survives restarts', system_prompt: 'x' }),
    });
    expect(created.status).toBe(201);

    const second = await startServer(baseEnvironment(dataDir)).catch(
      (error: { exitCode: number; output: string }) => error,
    );
    expect((second as { exitCode: number }).exitCode).toBe(1);
    expect((second as { output: string }).output).toMatch(/in use by another Renum process/);

    expect(await stop(first)).toBe(0);

    const again = await startServer(baseEnvironment(dataDir));
    try {
      const relogin = await json(`${again.url}/v1/auth/login`, {
        method: 'POST',
        body: JSON.stringify(credentials.owner),
      });
      expect(relogin.status).toBe(200);
      const agents = await json(`${again.url}/v1/agents`, {
        headers: { authorization: `Bearer ${relogin.body.access_token}` },
      });
      expect(agents.body.data.map((a: { name: string }) => a.name).sort()).toEqual([
        'Assistente de Pesquisa',
        'Atendimento Renum',
        'Survives restarts',
      ]);
      // The session issued before the restart still works: the signing key is kept in the data directory.
      expect((await json(`${again.url}/v1/me`, { headers: auth })).status).toBe(200);
      // The conversation goes on after the restart, with its history.
      const more = await fetch(`${again.url}/v1/conversations/${conversation.body.id}/messages`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ content: 'Obrigado! E o valor da fatura?' }),
      });
      expect(await more.text()).toContain('event: complete');
      const history = await json(`${again.url}/v1/conversations/${conversation.body.id}/messages`, {
        headers: auth,
      });
      expect(history.body.data.map((m: { role: string }) => m.role)).toEqual([
        'user',
        'assistant',
        'user',
        'assistant',
      ]);
    } finally {
      expect(await stop(again)).toBe(0);
    }
  }, 240_000); // three boots of a server process with its migrations: slow on a loaded 2-core machine

  it('fails fast naming a bad variable', async () => {
    const failure = await startServer({ ...baseEnvironment(dataDir), PORT: 'eighty' }).catch(
      (error: { exitCode: number; output: string }) => error,
    );
    expect((failure as { exitCode: number }).exitCode).toBe(1);
    expect((failure as { output: string }).output).toMatch(/PORT/);
  });
});
