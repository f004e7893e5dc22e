import { randomBytes } from 'node:crypto';
import { type Config, childProcessEnvironment, loadConfig } from '@renum/config';
import type { RunEventDraft } from '@renum/contracts';
import { type DatabaseHandle, migrate, openDatabase } from '@renum/db';
import {
  createAgent,
  createCredential,
  createMemoryEventBus,
  openRunEventWriter,
  type PlatformDeps,
  type Principal,
  type RunEventWriter,
  signup,
} from '@renum/platform';
import type { ProxyTool, ToolCallResult, ToolProxy } from '@renum/tools';
import { generateKeyMaterial } from '@renum/vault';
import { v7 as uuidv7 } from 'uuid';
import { createPlatformDeps, openVault, resolveJwtSecret } from '../../apps/server/src/platform-deps.ts';
import { createToolDeps } from '../../apps/server/src/tool-deps.ts';
import { type Child, startChild, waitForOutput } from './processes.ts';

/** The Tavily key the fake requires and the credential holds. */
export const BENCH_TAVILY_KEY = `tvly-bench-${randomBytes(8).toString('hex')}`;

/** A fake service in its own process. */
export interface FakeService extends Child {
  readonly url: string;
}

/**
 * Starts `packages/testing/src/fakes/serve.ts tavily` on a random loopback port with zero latency and
 * 65 s keep-alive, requiring {@link BENCH_TAVILY_KEY}; it records no requests (so its memory stays flat).
 */
export async function startFakeTavilyProcess(): Promise<FakeService> {
  const child = startChild(
    [
      'packages/testing/src/fakes/serve.ts',
      'tavily',
      '--port',
      '0',
      '--zero-think-time',
      '--api-key',
      BENCH_TAVILY_KEY,
      // Like a real API (Tavily keeps connections for a minute): with the fakes' 1 s default, undici
      // opens a new connection for every call on both sides, and the benchmark measures connects.
      '--keep-alive-ms',
      '65000',
    ],
    childProcessEnvironment({ NODE_ENV: 'production' }),
  );
  try {
    const match = await waitForOutput(child, /^\{.*"url".*\}$/m, 'fake Tavily', 30_000);
    return { ...child, url: (JSON.parse(match[0]) as { url: string }).url };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** The proxy as the server wires it, with one client, credential, agent and running run. */
export interface ProxyBenchSetup {
  readonly handle: DatabaseHandle;
  readonly deps: PlatformDeps;
  readonly proxy: ToolProxy;
  readonly tool: ProxyTool;
  readonly scope: { clientId: string; agentId: string; runId: string };
  /**
   * A call as a run executing in this process makes it (ADR 0075): the record goes to the run's event
   * writer, which stores it with the `tool_result` event emitted here, as the executor does.
   */
  callInRun(query: string): Promise<ToolCallResult>;
  /**
   * Emits a direct call's result as a `tool_result` event of another run, as a run calling the service
   * itself would: both sides pay for their events, so the difference is the proxy's.
   */
  emitDirectResult(result: unknown): void;
  /** Ledger rows of the run so far (checks that metering kept up). */
  meteredCalls(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Opens the database, builds the platform and tool dependencies from a `Config` exactly as the server
 * does (`createPlatformDeps`, `createToolDeps`: vault with a data key per client, egress guard with the
 * loopback allowlist, resilience policies, result cache, metering), then stores a real encrypted Tavily
 * credential through the credentials use-case and enables `web_search` on an agent.
 */
export async function setUpProxy(options: {
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };
  tavilyUrl: string;
}): Promise<ProxyBenchSetup> {
  const environment: Record<string, string> = {
    RENUM_EGRESS_ALLOW: '127.0.0.1',
    RENUM_TAVILY_URL: options.tavilyUrl,
    RENUM_VAULT_KEYS: JSON.stringify({ '1': generateKeyMaterial() }),
    RENUM_JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };
  if (options.database.kind === 'pglite') environment.RENUM_DATA_DIR = options.database.dataDir;
  else environment.DATABASE_URL = options.database.url;
  const config: Config = loadConfig(environment);
  const handle = await openDatabase(
    config.database.kind === 'pglite'
      ? { kind: 'pglite', dataDir: config.database.dataDir }
      : { kind: 'postgres', url: config.database.url, poolSize: config.database.poolSize },
  );
  await migrate(handle);
  const deps = createPlatformDeps({
    config,
    db: handle.db,
    jwtSecret: resolveJwtSecret(config),
    vault: await openVault(config),
  });
  let recordErrors = 0;
  const tools = createToolDeps({ deps, config, onRecordError: () => recordErrors++ });

  const email = `bench-${randomBytes(4).toString('hex')}@example.com`;
  const session = await signup(deps, {
    input: {
      email,
      password: `pw-${randomBytes(8).toString('hex')}`,
      name: 'Bench',
      client_name: 'Bench proxy',
    },
  });
  const clientId = session.client?.id;
  if (!clientId) throw new Error('signup gave no client');
  const principal: Principal = {
    kind: 'user',
    userId: session.user.id,
    apiKeyId: null,
    clientId: clientId,
    role: 'owner',
    platformRole: 'none',
  };
  await createCredential(deps, {
    principal,
    input: { service: 'tavily', name: 'default', secret: { api_key: BENCH_TAVILY_KEY } },
  });
  const agent = await createAgent(deps, {
    principal,
    input: { name: 'Bench', system_prompt: 'x', model: 'offline/renum', tools: [{ name: 'web_search' }] },
  });
  let persistErrors = 0;
  const owner = { clientId, agentId: agent.id };
  const onPersistError = () => persistErrors++;
  // The proxied calls' run, and the run the direct side emits its results in, as a run would.
  const proxied = await openBenchRun(handle, deps, owner, onPersistError);
  const direct = await openBenchRun(handle, deps, owner, onPersistError);
  const { runId, writer } = proxied;
  const tool = tools.catalog.create({ name: 'web_search' });
  const scope = { clientId: clientId, agentId: agent.id, runId };
  let calls = 0;
  const nextCallId = () => `call-${++calls}`;
  return {
    handle,
    deps,
    proxy: tools.proxy,
    tool,
    scope,
    callInRun: (query) => callInRun(writer, { proxy: tools.proxy, tool, scope, id: nextCallId() }, query),
    emitDirectResult: (result) => emitToolResult(direct.writer, nextCallId(), 'web_search', result),
    async meteredCalls() {
      await writer.flush();
      await direct.writer.flush();
      if (persistErrors > 0) throw new Error(`${persistErrors} event batches (and their calls) not stored`);
      if (recordErrors > 0) throw new Error(`${recordErrors} tool calls were not metered`);
      const [row] = await handle.query<{ count: number }>(
        'select count(*)::int as count from renum_ai_usage_logs where run_id = $1',
        [runId],
      );
      return row?.count ?? 0;
    },
    async close() {
      await writer.close();
      await direct.writer.close();
      await tools.proxy.close();
      await handle.close();
    },
  };
}

/** One proxied call as the built-in executor makes it, its record held for its `tool_result` event. */
async function callInRun(
  writer: RunEventWriter,
  call: { proxy: ToolProxy; tool: ProxyTool; scope: ProxyBenchSetup['scope']; id: string },
  query: string,
): Promise<ToolCallResult> {
  const toolCallId = call.id;
  const outcome = await call.proxy.call({
    ...call.scope,
    tool: call.tool,
    input: { query },
    report: (record) => writer.holdToolCall(toolCallId, record),
  });
  emitToolResult(writer, toolCallId, call.tool.name, outcome.result);
  return outcome;
}

/** The `tool_result` event the executor emits for a finished call. */
function emitToolResult(writer: RunEventWriter, toolCallId: string, tool: string, result: unknown): void {
  writer.emit({
    type: 'tool_result',
    tool,
    tool_call_id: toolCallId,
    result,
    is_error: false,
    duration_ms: 0,
    attempts: 1,
    content: `${tool} finished`,
  } as RunEventDraft);
}

/** A running run in a conversation of its own, with its event writer. */
async function openBenchRun(
  handle: DatabaseHandle,
  deps: PlatformDeps,
  owner: { clientId: string; agentId: string },
  onPersistError: () => void,
): Promise<{ runId: string; writer: RunEventWriter }> {
  const runId = uuidv7();
  const conversationId = uuidv7();
  await handle.query('insert into conversations (id, client_id, agent_id) values ($1, $2, $3)', [
    conversationId,
    owner.clientId,
    owner.agentId,
  ]);
  await handle.query(
    `insert into runs (id, client_id, agent_id, conversation_id, model, status)
     values ($1, $2, $3, $4, 'offline/renum', 'running')`,
    [runId, owner.clientId, owner.agentId, conversationId],
  );
  const writer = await openRunEventWriter({
    db: handle.db,
    bus: createMemoryEventBus(),
    clientId: owner.clientId,
    conversationId,
    runId,
    clock: deps.clock,
    newId: deps.newId,
    onPersistError,
  });
  return { runId, writer };
}
