import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { childProcessEnvironment } from '@renum/config';

/** Repository root (bench/lib/ is two levels down). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A child process the benchmark started, with what it printed so far. */
export interface Child {
  readonly process: ChildProcess;
  readonly pid: number;
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

export function startChild(args: string[], env: NodeJS.ProcessEnv): Child {
  // process.execPath: the Node 24 that runs this script (the `node` devDependency).
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
  });
  return {
    process: child,
    pid: child.pid ?? -1,
    output: () => output,
    async stop(graceMs = 15_000) {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!exited) child.kill('SIGKILL');
      }, graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** Waits until `pattern` matches the child's output; rejects when it exits or after `timeoutMs`. */
export function waitForOutput(
  child: Child,
  pattern: RegExp,
  what: string,
  timeoutMs: number,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = child.output().match(pattern);
      if (!match) return;
      cleanup();
      resolve(match);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`${what} exited (code ${code}) before it was ready:\n${child.output().slice(-4000)}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what} was not ready after ${timeoutMs} ms:\n${child.output().slice(-4000)}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.process.stdout?.off('data', check);
      child.process.stderr?.off('data', check);
      child.process.off('exit', onExit);
    };
    child.process.stdout?.on('data', check);
    child.process.stderr?.on('data', check);
    child.process.once('exit', onExit);
    check();
  });
}

/** The fake OpenAI model in its own process. */
export interface FakeModel extends Child {
  /** Base URL without `/v1`. */
  readonly url: string;
}

/** Starts `packages/testing/src/fakes/serve.ts openai --zero-think-time` on a random loopback port. */
export async function startFakeModel(): Promise<FakeModel> {
  const child = startChild(
    [
      'packages/testing/src/fakes/serve.ts',
      'openai',
      '--port',
      '0',
      '--zero-think-time',
      '--api-key',
      'bench-key',
      // Both sides keep their connections to the fake between turns, as with a real provider.
      '--keep-alive-ms',
      '65000',
    ],
    childProcessEnvironment({ NODE_ENV: 'production' }),
  );
  try {
    const match = await waitForOutput(child, /^\{.*"url".*\}$/m, 'fake model', 30_000);
    const line = JSON.parse(match[0]) as { url: string };
    return { ...child, url: line.url };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** The Renum server in its own process. */
export interface RenumServer extends Child {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
}

/** Database of a server: an embedded PGlite directory or a Postgres URL. */
export type ServerDatabase = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

/**
 * Starts `node apps/server/src/main.ts` on port 0 and waits for its start banner
 * ("Renum is running at http://localhost:PORT", printed whatever the log level).
 */
export async function startRenumServer(options: {
  database: ServerDatabase;
  fakeUrl: string;
  logLevel: string;
  /** Extra Node flags, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
  /** Extra environment, e.g. `REDIS_URL` and `RENUM_ROLE` for one process of a distributed deployment. */
  env?: Record<string, string>;
  /** Names the process in errors. @defaultValue 'Renum server' */
  name?: string;
}): Promise<RenumServer> {
  const env: NodeJS.ProcessEnv = childProcessEnvironment({
    PORT: '0',
    HOST: '127.0.0.1',
    OPENAI_API_KEY: 'bench-key',
    OPENAI_BASE_URL: `${options.fakeUrl}/v1`,
    LOG_LEVEL: options.logLevel,
    RENUM_SEED_DEMO: 'false',
    RENUM_LOGIN_MAX_PER_IP: '100000',
    RENUM_LOGIN_MAX_PER_EMAIL: '100000',
    RENUM_ACCESS_TOKEN_TTL_SECONDS: '3600',
    NODE_ENV: 'production',
    ...options.env,
  });
  if (options.database.kind === 'pglite') {
    env.RENUM_DATA_DIR = options.database.dataDir;
  } else {
    env.DATABASE_URL = options.database.url;
    env.RENUM_JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';
  }
  const child = startChild([...(options.nodeFlags ?? []), 'apps/server/src/main.ts'], env);
  try {
    const match = await waitForOutput(
      child,
      /Renum is running at http:\/\/(?:localhost|127\.0\.0\.1):(\d+)/,
      options.name ?? 'Renum server',
      120_000,
    );
    return { ...child, url: `http://127.0.0.1:${match[1]}` };
  } catch (error) {
    await child.stop();
    throw error;
  }
}
